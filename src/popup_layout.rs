//! Where the OAuth popup goes on the screen, and the `window.open` feature
//! string that puts it there.

use crate::prelude::*;
use crate::text::{cat, decimal};

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

    /// The third argument of `window.open`, in the official SDK's order.
    pub fn features(&self) -> String {
        cat!(
            "left=",
            px(self.left),
            ",top=",
            px(self.top),
            ",width=",
            px(self.width),
            ",height=",
            px(self.height),
            ",scrollbars=yes,resizable=yes,status=no,toolbar=no,location=no,copyhistory=no,menubar=no,directories=no"
        )
    }
}

/// A pixel value as JavaScript prints it (`250`, `12.5`), without float
/// formatting in the `.wasm`: values are rounded to 1/100 px.
fn px(value: f64) -> String {
    let hundredths = (value.max(0.0) * 100.0 + 0.5) as u64;
    let whole = decimal(hundredths / 100);
    match hundredths % 100 {
        0 => whole,
        frac if frac % 10 == 0 => cat!(whole, ".", decimal(frac / 10)),
        frac => cat!(whole, if frac < 10 { ".0" } else { "." }, decimal(frac)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(px(0.125), "0.13");
        assert_eq!(px(2.05), "2.05");
        assert_eq!(px(2.5), "2.5");
        assert_eq!(px(-3.0), "0");
    }
}
