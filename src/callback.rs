//! [`Callback`]: an app's function the SDK calls with its events, shared
//! by the options that carry one (progress events, Connect UI events).

use std::fmt;
use std::rc::Rc;

/// An app's callback of `&E` (cheap to clone; two are equal when they are
/// the same callback).
///
/// ```
/// use nango_frontend::{AuthEventKind, AuthOptions, OnAuthEvent};
///
/// let callback = OnAuthEvent::new(|event| {
///     if let AuthEventKind::PopupClosed = event.kind {
///         // show "Popup closed" in the app
///     }
/// });
/// let mut options = AuthOptions::default();
/// options.on_event = Some(callback.clone());
/// assert_eq!(options.on_event, Some(callback));
/// ```
pub struct Callback<E: ?Sized + 'static>(Rc<dyn Fn(&E)>);

impl<E: ?Sized + 'static> Callback<E> {
    /// A callback.
    ///
    /// ```
    /// # use nango_frontend::OnAuthEvent;
    /// let callback = OnAuthEvent::new(|event| { /* ... */ });
    /// ```
    pub fn new(callback: impl Fn(&E) + 'static) -> Callback<E> {
        Callback(Rc::new(callback))
    }

    /// Calls it.
    ///
    /// ```
    /// # use nango_frontend::{AuthEvent, OnAuthEvent};
    /// # fn forward(callback: &OnAuthEvent, event: &AuthEvent) {
    /// callback.call(event); // e.g. to pass a flow's events on
    /// # }
    /// ```
    pub fn call(&self, event: &E) {
        (self.0)(event)
    }
}

impl<E: ?Sized + 'static> Clone for Callback<E> {
    fn clone(&self) -> Self {
        Callback(Rc::clone(&self.0))
    }
}

impl<E: ?Sized + 'static> fmt::Debug for Callback<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Callback")
    }
}

impl<E: ?Sized + 'static> PartialEq for Callback<E> {
    fn eq(&self, other: &Callback<E>) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<E: ?Sized + 'static> Eq for Callback<E> {}
