//! An `UnsafeCell` with loom's closure-based API, in every build.
//!
//! Loom checks that no two threads touch a cell's contents at the same time without
//! synchronisation, but it can only see accesses made through `with` and `with_mut`.
//! Writing exercise code against that API lets loom catch data races in it.

/// Loom's cell, whose accesses are recorded in the trace of a failing execution
/// (`crate::trace`), so the checker can show which line of which thread touched it.
#[cfg(loom)]
#[derive(Debug, Default)]
pub struct UnsafeCell<T: ?Sized>(loom::cell::UnsafeCell<T>);

#[cfg(loom)]
impl<T> UnsafeCell<T> {
    #[track_caller]
    pub fn new(value: T) -> Self {
        UnsafeCell(loom::cell::UnsafeCell::new(value))
    }

    pub fn into_inner(self) -> T {
        self.0.into_inner()
    }
}

#[cfg(loom)]
impl<T: ?Sized> UnsafeCell<T> {
    /// Recorded before the access: loom stops at an access that races, and the trace must
    /// show it.
    #[track_caller]
    fn note(&self, operation: &str) {
        if crate::trace::enabled() {
            let address = self as *const Self as *const () as usize;
            let location = std::panic::Location::caller();
            crate::trace::record(operation, address, "", "", location);
        }
    }

    #[track_caller]
    pub fn with<R>(&self, read: impl FnOnce(*const T) -> R) -> R {
        self.note("read");
        self.0.with(read)
    }

    #[track_caller]
    pub fn with_mut<R>(&self, write: impl FnOnce(*mut T) -> R) -> R {
        self.note("write");
        self.0.with_mut(write)
    }
}

#[cfg(not(loom))]
#[derive(Debug, Default)]
pub struct UnsafeCell<T: ?Sized>(std::cell::UnsafeCell<T>);

#[cfg(not(loom))]
impl<T> UnsafeCell<T> {
    pub const fn new(value: T) -> Self {
        UnsafeCell(std::cell::UnsafeCell::new(value))
    }

    pub fn into_inner(self) -> T {
        self.0.into_inner()
    }
}

#[cfg(not(loom))]
impl<T: ?Sized> UnsafeCell<T> {
    /// Reads through a raw pointer; the caller makes sure no one writes meanwhile.
    #[inline]
    pub fn with<R>(&self, read: impl FnOnce(*const T) -> R) -> R {
        read(self.0.get())
    }

    /// Writes through a raw pointer; the caller makes sure no one else touches it meanwhile.
    #[inline]
    pub fn with_mut<R>(&self, write: impl FnOnce(*mut T) -> R) -> R {
        write(self.0.get())
    }
}
