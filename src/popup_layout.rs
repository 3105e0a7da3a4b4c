//! Where the OAuth popup goes on the screen, and the `window.open` feature
//! string that puts it there.

/// The popup's size and position, in CSS pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PopupLayout {
    /// Width, at most the screen's.
    pub width: f64,
    /// Height, at most the screen's.
    pub height: f64,
    /// Distance from the top of the screen, never negative.
    pub top: f64,
    /// Distance from the left of the screen, never negative.
    pub left: f64,
}

impl PopupLayout {
    /// Centres a `width` x `height` popup on a `screen_width` x
    /// `screen_height` screen, clamped to it.
    pub fn centred(width: f64, height: f64, screen_width: f64, screen_height: f64) -> PopupLayout {
        PopupLayout {
            width: width.min(screen_width),
            height: height.min(screen_height),
            top: (screen_height / 2.0 - height / 2.0).max(0.0),
            left: (screen_width / 2.0 - width / 2.0).max(0.0),
        }
    }

    /// The third argument of `window.open`, in the official SDK's order,
    /// numbers printed as JavaScript prints them.
    pub fn features(&self) -> String {
        format!(
            "left={},top={},width={},height={},scrollbars=yes,resizable=yes,status=no,toolbar=no,location=no,copyhistory=no,menubar=no,directories=no",
            self.left, self.top, self.width, self.height
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    // In the browser (wasm-pack test --lib) the same tests run on wasm-bindgen-test.
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn centres_on_the_screen() {
        let l = PopupLayout::centred(500.0, 600.0, 1920.0, 1080.0);
        assert_eq!(
            l,
            PopupLayout {
                width: 500.0,
                height: 600.0,
                top: 240.0,
                left: 710.0
            }
        );
        assert_eq!(
            l.features(),
            "left=710,top=240,width=500,height=600,scrollbars=yes,resizable=yes,status=no,toolbar=no,location=no,copyhistory=no,menubar=no,directories=no"
        );
    }

    #[test]
    fn clamps_to_small_screens() {
        let l = PopupLayout::centred(500.0, 600.0, 375.0, 667.0);
        assert_eq!(
            l,
            PopupLayout {
                width: 375.0,
                height: 600.0,
                top: 33.5,
                left: 0.0
            }
        );
        assert!(l
            .features()
            .starts_with("left=0,top=33.5,width=375,height=600,"));
        let tiny = PopupLayout::centred(500.0, 600.0, 101.0, 0.0);
        assert_eq!(
            tiny.features().split(',').take(4).collect::<Vec<_>>(),
            ["left=0", "top=0", "width=101", "height=0"]
        );
        let odd = PopupLayout::centred(500.0, 600.0, 1365.0, 767.0);
        assert!(odd.features().starts_with("left=432.5,top=83.5,"));
    }
}
