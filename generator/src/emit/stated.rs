//! Struct literals that state only what differs from a runtime constructor:
//! `AttributeMetadata { display_name: Some("Account"), ..AttributeMetadata::new(..) }`.
//!
//! Unstated fields keep the constructor's defaults (`None`, `&[]`, `true` for
//! the `is_valid_for_*` flags), so generated metadata stays short and every
//! line carries information.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::choices::int_lit;

/// The fields of a struct literal that differ from its base value.
#[derive(Default)]
pub struct Stated {
    fields: Vec<TokenStream>,
}

impl Stated {
    /// No field stated yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// States `name: value`.
    pub fn set(&mut self, name: &str, value: TokenStream) {
        let i = Ident::new(name, Span::call_site());
        self.fields.push(quote!(#i: #value,));
    }

    /// States `name: Some("..")` when `v` is given.
    pub fn str(&mut self, name: &str, v: Option<&str>) {
        if let Some(s) = v {
            self.set(name, quote!(Some(#s)));
        }
    }

    /// States `name: Some(n)` when `v` is given.
    pub fn int(&mut self, name: &str, v: Option<i32>) {
        if let Some(n) = v {
            let n = int_lit(n);
            self.set(name, quote!(Some(#n)));
        }
    }

    /// States `name: Some(n)` when `v` is given.
    pub fn u32(&mut self, name: &str, v: Option<u32>) {
        if let Some(n) = v {
            let n = proc_macro2::Literal::u32_unsuffixed(n);
            self.set(name, quote!(Some(#n)));
        }
    }

    /// States `name: Some(b)` when `v` is given.
    pub fn bool(&mut self, name: &str, v: Option<bool>) {
        if let Some(b) = v {
            self.set(name, quote!(Some(#b)));
        }
    }

    /// True when nothing was stated.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// `ty { stated.., ..base }`, or just `base` when nothing was stated.
    pub fn finish(self, ty: TokenStream, base: TokenStream) -> TokenStream {
        self.finish_of(ty, base, usize::MAX)
    }

    /// Like [`finish`](Self::finish) for a type of `field_count` fields that
    /// are all optional: when every one is stated, no `..base` (it would be
    /// a needless update).
    pub fn finish_of(self, ty: TokenStream, base: TokenStream, field_count: usize) -> TokenStream {
        if self.fields.is_empty() {
            return base;
        }
        let fields = self.fields;
        if fields.len() >= field_count {
            return quote!(#ty { #(#fields)* });
        }
        quote!(#ty { #(#fields)* ..#base })
    }
}
