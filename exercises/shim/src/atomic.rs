//! Under loom: loom's atomics, with loads that are fair to a spinning thread.
//!
//! Each type wraps loom's and forwards every call (`#[track_caller]` throughout, so loom's
//! reports and the checker's still name the learner's line). One thing differs: a load by a
//! thread that has already spun [`SPINS_BEFORE_FAIR`](crate::fairness::SPINS_BEFORE_FAIR)
//! times on this atomic in the current execution reads the newest value, as real hardware
//! guarantees a spinner eventually does. See `fairness.rs` and `checker/DESIGN.md`.

use std::panic::Location;
use std::sync::atomic::{AtomicU64 as StdAtomicU64, Ordering as StdOrdering};

pub use loom::sync::atomic::Ordering;

use crate::{fairness, trace};

/// Loom's fence, recorded in the trace of the execution (`crate::trace`) when one is asked for.
#[track_caller]
pub fn fence(order: Ordering) {
    loom::sync::atomic::fence(order);
    if trace::enabled() {
        trace::record("fence", 0, &format!("{order:?}"), "", Location::caller());
    }
}

/// Records a step on `$self` in the execution's trace, formatting only when one is asked for.
macro_rules! traced {
    ($self:expr, $operation:expr, $order:expr, $($value:tt)*) => {
        if trace::enabled() {
            trace::record(
                $operation,
                $self.address(),
                &format!("{:?}", $order),
                &format!($($value)*),
                Location::caller(),
            );
        }
    };
}

/// The newest value of `atomic`, read as a load with `order` would read it.
///
/// A compare-exchange reads the newest value in loom (as on hardware). It is used only when
/// the value last written (in the order loom ran the threads) differs from the one this thread
/// saw last; expecting that last-seen value, the exchange then *fails*, writes nothing and
/// synchronises exactly like a load with the failure ordering. (Only if loom's partial
/// modification order offers a newest store equal to the last-seen value does it succeed and
/// write that same value back, with no release of its own.)
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

        /// Records the value just written, in the order loom runs the threads (it runs them
        /// one at a time), so a fair load knows whether anything changed.
        fn note_written(&self, value: $value) {
            self.latest.store($to_u64(value), StdOrdering::Relaxed);
        }

        #[track_caller]
        pub fn load(&self, order: Ordering) -> $value {
            fairness::note_operation(self.address(), Location::caller());
            let value = match fairness::load_must_read_newest(self.address()) {
                // Something was written since this thread last looked: read the newest.
                Some(last) if self.latest.load(StdOrdering::Relaxed) != last => {
                    read_newest!(self.inner, $from_u64(last), order)
                }
                // Unchanged (or not spinning yet): an ordinary load, which writes nothing.
                _ => self.inner.load(order),
            };
            fairness::note_loaded(self.address(), $to_u64(value));
            traced!(self, "load", order, "{value:?}");
            value
        }

        #[track_caller]
        pub fn store(&self, value: $value, order: Ordering) {
            fairness::note_operation(self.address(), Location::caller());
            self.inner.store(value, order);
            self.note_written(value);
            traced!(self, "store", order, "{value:?}");
        }

        #[track_caller]
        pub fn swap(&self, value: $value, order: Ordering) -> $value {
            fairness::note_operation(self.address(), Location::caller());
            let previous = self.inner.swap(value, order);
            self.note_written(value);
            traced!(self, "swap", order, "{previous:?} -> {value:?}");
            previous
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
            let exchanged = self.inner.compare_exchange(current, new, success, failure);
            match exchanged {
                Ok(_) => {
                    self.note_written(new);
                    traced!(self, "compare_exchange", success, "{current:?} -> {new:?}");
                }
                Err(seen) => {
                    traced!(self, "compare_exchange", failure, "failed: saw {seen:?}");
                }
            }
            exchanged
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
            let mut update = update;
            let mut proposed = None;
            let updated = self.inner.fetch_update(set_order, fetch_order, |value| {
                proposed = update(value);
                proposed
            });
            match (&updated, proposed) {
                (Ok(previous), Some(new)) => {
                    self.note_written(new);
                    traced!(self, "fetch_update", set_order, "{previous:?} -> {new:?}");
                }
                (_, _) => traced!(self, "fetch_update", fetch_order, "gave up"),
            }
            updated
        }

        /// # Safety
        /// As loom's: no other thread may be using the atomic.
        #[track_caller]
        pub unsafe fn unsync_load(&self) -> $value {
            // Safety: the caller upholds loom's contract, which is the same.
            unsafe { self.inner.unsync_load() }
        }

        #[track_caller]
        pub fn into_inner(self) -> $value {
            self.inner.into_inner()
        }
    };
}

/// Read-modify-write methods forwarded, each with the operation it applies (to record the
/// value it writes).
macro_rules! rmw_methods {
    ($value:ty; $($method:ident: $op:expr),*) => {$(
        #[track_caller]
        pub fn $method(&self, operand: $value, order: Ordering) -> $value {
            fairness::note_operation(self.address(), Location::caller());
            let previous = self.inner.$method(operand, order);
            let op: fn($value, $value) -> $value = $op;
            let new = op(previous, operand);
            self.note_written(new);
            traced!(self, stringify!($method), order, "{previous:?} -> {new:?}");
            previous
        }
    )*};
}

macro_rules! atomic_int {
    ($($name:ident: $int:ty),*) => {$(
        #[derive(Debug)]
        pub struct $name {
            inner: loom::sync::atomic::$name,
            latest: StdAtomicU64,
        }

        impl $name {
            #[track_caller]
            pub fn new(value: $int) -> Self {
                $name {
                    inner: loom::sync::atomic::$name::new(value),
                    latest: StdAtomicU64::new(value as u64),
                }
            }

            common_methods!($int, |value: $int| value as u64, |bits: u64| bits as $int);
            rmw_methods!($int;
                fetch_add: |a, b| a.wrapping_add(b),
                fetch_sub: |a, b| a.wrapping_sub(b),
                fetch_and: |a, b| a & b,
                fetch_nand: |a, b| !(a & b),
                fetch_or: |a, b| a | b,
                fetch_xor: |a, b| a ^ b,
                fetch_max: |a, b| a.max(b),
                fetch_min: |a, b| a.min(b)
            );

            #[track_caller]
            pub fn with_mut<R>(&mut self, f: impl FnOnce(&mut $int) -> R) -> R {
                let latest = &self.latest;
                self.inner.with_mut(|value| {
                    let result = f(value);
                    latest.store(*value as u64, StdOrdering::Relaxed);
                    result
                })
            }
        }

        impl Default for $name {
            #[track_caller]
            fn default() -> Self {
                $name::new(0)
            }
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

#[derive(Debug)]
pub struct AtomicBool {
    inner: loom::sync::atomic::AtomicBool,
    latest: StdAtomicU64,
}

impl AtomicBool {
    #[track_caller]
    pub fn new(value: bool) -> Self {
        AtomicBool {
            inner: loom::sync::atomic::AtomicBool::new(value),
            latest: StdAtomicU64::new(u64::from(value)),
        }
    }

    common_methods!(bool, u64::from, |bits: u64| bits != 0);
    rmw_methods!(bool;
        fetch_and: |a, b| a & b,
        fetch_nand: |a, b| !(a & b),
        fetch_or: |a, b| a | b,
        fetch_xor: |a, b| a ^ b
    );
}

impl Default for AtomicBool {
    #[track_caller]
    fn default() -> Self {
        AtomicBool::new(false)
    }
}

impl From<bool> for AtomicBool {
    #[track_caller]
    fn from(value: bool) -> Self {
        AtomicBool::new(value)
    }
}

#[derive(Debug)]
pub struct AtomicPtr<T> {
    inner: loom::sync::atomic::AtomicPtr<T>,
    latest: StdAtomicU64,
}

impl<T> AtomicPtr<T> {
    #[track_caller]
    pub fn new(pointer: *mut T) -> Self {
        AtomicPtr {
            inner: loom::sync::atomic::AtomicPtr::new(pointer),
            latest: StdAtomicU64::new(pointer as usize as u64),
        }
    }

    common_methods!(
        *mut T,
        |pointer: *mut T| pointer as usize as u64,
        |bits: u64| bits as usize as *mut T
    );

    #[track_caller]
    pub fn with_mut<R>(&mut self, f: impl FnOnce(&mut *mut T) -> R) -> R {
        let latest = &self.latest;
        self.inner.with_mut(|pointer| {
            let result = f(pointer);
            latest.store(*pointer as usize as u64, StdOrdering::Relaxed);
            result
        })
    }
}

impl<T> Default for AtomicPtr<T> {
    #[track_caller]
    fn default() -> Self {
        AtomicPtr::new(std::ptr::null_mut())
    }
}
