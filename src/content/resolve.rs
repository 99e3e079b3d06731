//! The resolution of each group of texts declared in `texts.rs`: the text of the edition being
//! built, checked by the rules of its kind.

use super::fields::Html;
use super::markdown;
use super::rules::{self, Cx};
use super::texts::{self, read, text_groups};

macro_rules! resolvers {
    ($(
        $(#[doc = $doc:literal])*
        pub struct $read:ident => $resolved:ident {
            $(
                $(#[doc = $fdoc:literal])*
                $(#[serde($($serde:tt)*)])*
                $field:ident : $kind:ident $(($check:path))?
            ),* $(,)?
        }
        $(also {
            $(
                $(#[$ameta:meta])*
                $afield:ident : $aty:ty
            ),* $(,)?
        })?
    )*) => {
        $(
            impl read::$read {
                /// The texts of this edition, checked; see `texts.rs`.
                pub fn resolve(&self, cx: &mut Cx<'_>) -> texts::$resolved {
                    texts::$resolved {
                        $($field: resolvers!(@resolve cx, &self.$field, stringify!($field), $kind $(($check))?),)*
                    }
                }
            }
        )*
    };
    (@resolve $cx:ident, $t:expr, $name:expr, text) => { $cx.text($t, $name) };
    (@resolve $cx:ident, $t:expr, $name:expr, markdown) => { Html::from($cx.markdown($t, $name)) };
    (@resolve $cx:ident, $t:expr, $name:expr, blank) => { $cx.text_or_blank($t) };
    (@resolve $cx:ident, $t:expr, $name:expr, data) => { $cx.data_text($t, $name) };
    (@resolve $cx:ident, $t:expr, $name:expr, checked($check:path)) => { $check($cx, $t, $name) };
    (@resolve $cx:ident, $t:expr, $name:expr, anchor) => { $cx.anchor_here($t, $name) };
    (@resolve $cx:ident, $t:expr, $name:expr, cited) => { $cx.cite($t.iter().map(|id| &**id)) };
    (@resolve $cx:ident, $t:expr, $name:expr, inline_list) => {
        $t.iter()
            .map(|line| Html::from(markdown::to_inline_html(&$cx.text(line, $name))))
            .collect()
    };
}

text_groups!(resolvers);
