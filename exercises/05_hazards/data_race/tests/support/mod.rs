//! Test support: telling at run time whether a type is `Sync`.
//!
//! `static_assertions::assert_not_impl_any!` would say it at compile time, but then code that
//! still has the bug would not even compile its tests, and the learner would see a build error
//! instead of a test that says what is wrong. This probe gives the same answer from the same
//! trait solver, as a `bool` (autoref specialisation: the method of `ViaSync` applies only when
//! `T: Sync`; otherwise method lookup goes one auto-reference further, to `Fallback`).

use std::marker::PhantomData;

pub struct Probe<T>(pub PhantomData<T>);

pub trait ViaSync {
    fn is_sync(&self) -> bool {
        true
    }
}
impl<T: Sync> ViaSync for Probe<T> {}

pub trait Fallback {
    fn is_sync(&self) -> bool {
        false
    }
}
impl<T> Fallback for &Probe<T> {}

/// `is_sync!(T)` is `true` exactly when `T: Sync`.
#[macro_export]
macro_rules! is_sync {
    ($type:ty) => {{
        #[allow(unused_imports)]
        use $crate::support::{Fallback as _, ViaSync as _};
        (&$crate::support::Probe::<$type>(std::marker::PhantomData)).is_sync()
    }};
}
