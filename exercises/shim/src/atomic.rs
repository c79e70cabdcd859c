//! Under loom: loom's atomics, with loads that are fair to a spinning thread.
//!
//! Each type wraps loom's and forwards every call (`#[track_caller]` throughout, so loom's
//! reports and the checker's still name the learner's line). One thing differs: a load by a
//! thread that has already spun [`SPINS_BEFORE_FAIR`](crate::fairness::SPINS_BEFORE_FAIR)
//! times on this atomic in the current execution reads the newest value, as real hardware
//! guarantees a spinner eventually does. See `fairness.rs` and `checker/DESIGN.md`.

use std::panic::Location;

pub use loom::sync::atomic::{Ordering, fence};

use crate::fairness;

/// The newest value of `atomic`, read as a load with `order` would read it.
///
/// A compare-exchange reads the newest value in loom (as on hardware). Expecting the value
/// this thread saw last makes it *fail* whenever the value has changed, which is the case that
/// matters to a spinner: a failed exchange writes nothing and synchronises exactly like a load
/// with the failure ordering. When the value has not changed, it writes the same value back,
/// with no release of its own (success ordering at most Acquire), so no thread can synchronise
/// with this thread through it.
macro_rules! read_newest {
    ($atomic:expr, $last:expr, $order:expr) => {{
        let success = match $order {
            Ordering::Relaxed => Ordering::Relaxed,
            _ => Ordering::Acquire,
        };
        match $atomic.compare_exchange($last, $last, success, $order) {
            Ok(value) | Err(value) => value,
        }
    }};
}

/// The methods every atomic shares; `$value` is its value type, `$to_u64`/`$from_u64` convert
/// to and from the `u64` that the fairness bookkeeping keeps.
macro_rules! common_methods {
    ($value:ty, $to_u64:expr, $from_u64:expr) => {
        fn address(&self) -> usize {
            self as *const Self as usize
        }

        #[track_caller]
        pub fn load(&self, order: Ordering) -> $value {
            fairness::note_operation(self.address(), Location::caller());
            let value = match fairness::load_must_read_newest(self.address()) {
                Some(last) => read_newest!(self.0, $from_u64(last), order),
                None => self.0.load(order),
            };
            fairness::note_loaded(self.address(), $to_u64(value));
            value
        }

        #[track_caller]
        pub fn store(&self, value: $value, order: Ordering) {
            fairness::note_operation(self.address(), Location::caller());
            self.0.store(value, order)
        }

        #[track_caller]
        pub fn swap(&self, value: $value, order: Ordering) -> $value {
            fairness::note_operation(self.address(), Location::caller());
            self.0.swap(value, order)
        }

        #[track_caller]
        pub fn compare_exchange(
            &self,
            current: $value,
            new: $value,
            success: Ordering,
            failure: Ordering,
        ) -> Result<$value, $value> {
            fairness::note_operation(self.address(), Location::caller());
            self.0.compare_exchange(current, new, success, failure)
        }

        /// Never fails spuriously under loom (loom's never does either).
        #[track_caller]
        pub fn compare_exchange_weak(
            &self,
            current: $value,
            new: $value,
            success: Ordering,
            failure: Ordering,
        ) -> Result<$value, $value> {
            self.compare_exchange(current, new, success, failure)
        }

        #[track_caller]
        pub fn fetch_update<F>(
            &self,
            set_order: Ordering,
            fetch_order: Ordering,
            update: F,
        ) -> Result<$value, $value>
        where
            F: FnMut($value) -> Option<$value>,
        {
            fairness::note_operation(self.address(), Location::caller());
            self.0.fetch_update(set_order, fetch_order, update)
        }

        /// # Safety
        /// As loom's: no other thread may be using the atomic.
        #[track_caller]
        pub unsafe fn unsync_load(&self) -> $value {
            // Safety: the caller upholds loom's contract, which is the same.
            unsafe { self.0.unsync_load() }
        }

        #[track_caller]
        pub fn into_inner(self) -> $value {
            self.0.into_inner()
        }
    };
}

/// A read-modify-write method forwarded as it is.
macro_rules! rmw_methods {
    ($value:ty; $($method:ident),*) => {$(
        #[track_caller]
        pub fn $method(&self, operand: $value, order: Ordering) -> $value {
            fairness::note_operation(self.address(), Location::caller());
            self.0.$method(operand, order)
        }
    )*};
}

macro_rules! atomic_int {
    ($($name:ident: $int:ty),*) => {$(
        #[derive(Debug, Default)]
        pub struct $name(loom::sync::atomic::$name);

        impl $name {
            #[track_caller]
            pub fn new(value: $int) -> Self {
                $name(loom::sync::atomic::$name::new(value))
            }

            common_methods!($int, |value: $int| value as u64, |bits: u64| bits as $int);

            #[track_caller]
            pub fn with_mut<R>(&mut self, f: impl FnOnce(&mut $int) -> R) -> R {
                self.0.with_mut(f)
            }
            rmw_methods!($int; fetch_add, fetch_sub, fetch_and, fetch_nand, fetch_or, fetch_xor,
                fetch_max, fetch_min);
        }

        impl From<$int> for $name {
            #[track_caller]
            fn from(value: $int) -> Self {
                $name::new(value)
            }
        }
    )*};
}

atomic_int!(
    AtomicU8: u8, AtomicU16: u16, AtomicU32: u32, AtomicU64: u64, AtomicUsize: usize,
    AtomicI8: i8, AtomicI16: i16, AtomicI32: i32, AtomicI64: i64, AtomicIsize: isize
);

#[derive(Debug, Default)]
pub struct AtomicBool(loom::sync::atomic::AtomicBool);

impl AtomicBool {
    #[track_caller]
    pub fn new(value: bool) -> Self {
        AtomicBool(loom::sync::atomic::AtomicBool::new(value))
    }

    common_methods!(bool, u64::from, |bits: u64| bits != 0);
    rmw_methods!(bool; fetch_and, fetch_nand, fetch_or, fetch_xor);
}

impl From<bool> for AtomicBool {
    #[track_caller]
    fn from(value: bool) -> Self {
        AtomicBool::new(value)
    }
}

#[derive(Debug)]
pub struct AtomicPtr<T>(loom::sync::atomic::AtomicPtr<T>);

impl<T> AtomicPtr<T> {
    #[track_caller]
    pub fn new(pointer: *mut T) -> Self {
        AtomicPtr(loom::sync::atomic::AtomicPtr::new(pointer))
    }

    common_methods!(
        *mut T,
        |pointer: *mut T| pointer as usize as u64,
        |bits: u64| bits as usize as *mut T
    );

    #[track_caller]
    pub fn with_mut<R>(&mut self, f: impl FnOnce(&mut *mut T) -> R) -> R {
        self.0.with_mut(f)
    }
}

impl<T> Default for AtomicPtr<T> {
    #[track_caller]
    fn default() -> Self {
        AtomicPtr::new(std::ptr::null_mut())
    }
}
