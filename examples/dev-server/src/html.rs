//! HTML bits: escaping, and the OAuth callback page.

use serde_json::{json, Value};

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// JSON that can sit inside a `<script>` element.
fn script_json(v: &Value) -> String {
    v.to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// The page the popup lands on at the end of an OAuth flow. It tells its
/// opener (and same-origin pages, through a `BroadcastChannel`) the result,
/// closes itself when the opener acknowledges, and, on success, after 500 ms.
pub fn callback_page(error: Option<(&str, &str)>) -> String {
    let message = match error {
        None => json!({ "type": "nango_oauth_callback_success" }),
        Some((error_type, text)) => {
            json!({ "type": "nango_oauth_callback_error", "payload": { "message": text, "errorType": error_type } })
        }
    };
    let shown = match error {
        None => "<p>You are now connected. You can close this window.</p>".to_owned(),
        Some((error_type, text)) => format!(
            "<p style=\"color:#c0392b\">Authorization failed ({}).</p><p>{}</p><p>You can close this window.</p>",
            escape(error_type),
            escape(text)
        ),
    };
    format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Authorization callback</title></head>
<body style="font-family:system-ui,sans-serif;display:flex;min-height:90vh;align-items:center;justify-content:center">
<div id="content">{shown}</div>
<script>
(function () {{
  var message = {message};
  var closed = false;
  function closeSelf() {{ if (closed) return; closed = true; try {{ window.close(); }} catch (e) {{}} }}
  window.addEventListener('message', function (event) {{
    if (event.source === window.opener && event.data && event.data.type === 'nango_oauth_callback_ack') closeSelf();
  }});
  try {{ if (window.opener) window.opener.postMessage(message, '*'); }} catch (e) {{}}
  try {{ var channel = new BroadcastChannel('nango-oauth-callback'); channel.postMessage(message); channel.close(); }} catch (e) {{}}
  {auto_close}
}})();
</script>
</body></html>"#,
        message = script_json(&message),
        auto_close = if error.is_none() {
            "setTimeout(closeSelf, 500);"
        } else {
            ""
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payload_cannot_break_out_of_the_script() {
        let page = callback_page(Some(("callback_err", "</script><script>alert(1)</script>")));
        assert!(!page.contains("</script><script>alert(1)"));
        assert!(page.contains("nango_oauth_callback_error"));
        assert!(callback_page(None).contains("setTimeout(closeSelf, 500)"));
    }
}
