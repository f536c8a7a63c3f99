//! The arrays of an index: the program's own (`Vec`), or read in place from
//! bytes something else keeps alive (a cache entry's memory map, or the
//! bundled index built into the program), checked before they were made.
//! Either way they read as slices, so the search does not tell them apart.

use std::fmt;
use std::ops::{Deref, DerefMut};
use std::panic::{RefUnwindSafe, UnwindSafe};
use std::sync::Arc;

/// Whatever keeps the bytes of in-place arrays alive.
pub trait Keep: Send + Sync + RefUnwindSafe + UnwindSafe {}
impl<T: Send + Sync + RefUnwindSafe + UnwindSafe> Keep for T {}

/// An owner of bytes, shared by the arrays read from them.
pub type Owner = Arc<dyn Keep>;

enum Inner<T: 'static> {
    Vec(Vec<T>),
    /// `len` values at `ptr`, inside what `_owner` keeps alive.
    In {
        ptr: *const T,
        len: usize,
        _owner: Owner,
    },
}

/// An array: owned, or read in place.
pub struct Slice<T: 'static> {
    inner: Inner<T>,
}

// SAFETY: an in-place slice is shared, immutable data kept alive by its
// owner (which is `Send + Sync`); it is as thread-safe as `&[T]`.
unsafe impl<T: Sync> Send for Slice<T> {}
// SAFETY: as above.
unsafe impl<T: Sync> Sync for Slice<T> {}
impl<T: RefUnwindSafe> RefUnwindSafe for Slice<T> {}
impl<T: RefUnwindSafe> UnwindSafe for Slice<T> {}

impl<T> Slice<T> {
    /// `values`, read in place.
    ///
    /// # Safety
    /// `values` must lie in bytes that `owner` keeps alive and unchanged
    /// for as long as it lives.
    pub unsafe fn in_place(owner: Owner, values: &[T]) -> Slice<T> {
        Slice {
            inner: Inner::In {
                ptr: values.as_ptr(),
                len: values.len(),
                _owner: owner,
            },
        }
    }

    /// Whether the values are read in place.
    pub fn is_in_place(&self) -> bool {
        matches!(self.inner, Inner::In { .. })
    }
}

impl<T> Deref for Slice<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        match &self.inner {
            Inner::Vec(v) => v,
            // SAFETY: `in_place`'s promise: the values are alive while the
            // owner is, and this slice holds the owner.
            Inner::In { ptr, len, .. } => unsafe { std::slice::from_raw_parts(*ptr, *len) },
        }
    }
}

impl<T: Clone> Slice<T> {
    /// The values as the program's own `Vec`, copied first if they were
    /// in place (for building an index).
    pub fn vec(&mut self) -> &mut Vec<T> {
        if self.is_in_place() {
            self.inner = Inner::Vec(self.to_vec());
        }
        match &mut self.inner {
            Inner::Vec(v) => v,
            Inner::In { .. } => unreachable!("made owned above"),
        }
    }

    pub fn push(&mut self, value: T) {
        self.vec().push(value);
    }
}

impl<T: Clone> DerefMut for Slice<T> {
    /// The values as the program's own, copied first if they were in place.
    fn deref_mut(&mut self) -> &mut [T] {
        self.vec()
    }
}

impl<T> From<Vec<T>> for Slice<T> {
    fn from(v: Vec<T>) -> Self {
        Slice {
            inner: Inner::Vec(v),
        }
    }
}

impl<T> Default for Slice<T> {
    fn default() -> Self {
        Slice::from(Vec::new())
    }
}

impl<T: Clone> Clone for Slice<T> {
    fn clone(&self) -> Self {
        match &self.inner {
            Inner::Vec(v) => Slice::from(v.clone()),
            Inner::In { ptr, len, _owner } => Slice {
                inner: Inner::In {
                    ptr: *ptr,
                    len: *len,
                    _owner: _owner.clone(),
                },
            },
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for Slice<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt(f)
    }
}

impl<T: PartialEq> PartialEq for Slice<T> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

/// A text: owned, or read in place (checked UTF-8).
#[derive(Clone, Default, PartialEq)]
pub struct Text(Slice<u8>);

impl Text {
    /// `text`, read in place.
    ///
    /// # Safety
    /// As `Slice::in_place`.
    pub unsafe fn in_place(owner: Owner, text: &str) -> Text {
        // SAFETY: the caller's promise.
        Text(unsafe { Slice::in_place(owner, text.as_bytes()) })
    }
}

impl Text {
    pub fn push_str(&mut self, s: &str) {
        self.0.vec().extend_from_slice(s.as_bytes());
    }

    pub fn push(&mut self, c: char) {
        self.push_str(c.encode_utf8(&mut [0; 4]));
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        // SAFETY: made from a `str` (`in_place`) or a `String` (`From`).
        unsafe { std::str::from_utf8_unchecked(&self.0) }
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        Text(Slice::from(s.into_bytes()))
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt(f)
    }
}
