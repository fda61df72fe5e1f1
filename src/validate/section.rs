//! Declaring a table: [`section!`] gives a model struct its key rows and
//! a generated `read`; [`table_field!`] lets other tables hold it.
//!
//! One declaration is the whole table: the rows (name, kind, required,
//! variant, Dutch description) feed the unknown-key check, the editor
//! JSON Schema and the "voeg toe" hints, and the generated `read` checks
//! unknown keys, reads every row in order through [`FieldValue`], runs the
//! hand-written rules and builds the struct. The struct literal names
//! every field, so a struct field without a row, or a row without a field,
//! does not compile; a row whose kind its field's type cannot read fails
//! the tests in `tables_test.rs`.

use super::fields::{Reader, Table};
use super::keys::{Key, Kind, TableSpec};
use super::read::{sub_table, FieldValue};

/// Reads `key` into the type of the field `_field` points at.
pub(crate) fn read_as<M, T: FieldValue>(
    r: &mut Reader,
    t: &Table,
    spec: &TableSpec,
    key: &'static Key,
    _field: impl Fn(&M) -> &T,
) -> T::Read {
    if key.applies(spec) {
        T::read(r, t, key)
    } else {
        T::absent()
    }
}

/// Reads `key` into a `T` at once, for keys read by hand.
pub(crate) fn read_field<T: FieldValue>(r: &mut Reader, t: &Table, key: &'static Key) -> Option<T> {
    T::finish(T::read(r, t, key))
}

/// [`FieldValue::finish`] for the type of the field `_field` points at.
pub(crate) fn finish_as<M, T: FieldValue>(_field: impl Fn(&M) -> &T, read: T::Read) -> Option<T> {
    T::finish(read)
}

/// [`FieldValue::accepts`] for the type of the field `_field` points at.
#[cfg(test)]
pub(crate) fn accepts_as<M, T: FieldValue>(_field: impl Fn(&M) -> &T, kind: &Kind) -> bool {
    T::accepts(kind)
}

/// Declares the rows of a table and generates `KEYS` and `read` for its
/// model struct. Per row, optionally:
/// - `=> read |key| expr`: read by hand; `expr` gives `Option<Field>`
///   (for keys that need context, such as the catalogue's ids);
/// - `=> then |value| expr`: a rule on the read value right after it is
///   read; `expr` may `return None` to skip the rest of the table.
///
/// After the rows: `check { … }` (rules over several keys, with every read
/// value in scope; `check counting n { … }` also has the number of errors
/// before the first row was read as `n`), `given { field: expr, … }` (fields that do not come
/// from a key) and `then |value| { … }` (rules on the built struct).
macro_rules! section {
    (
        impl $model:ident {
            fn read($r:ident, $t:ident, $spec:ident $(, $ctx:ident: $ctx_ty:ty)*);
            keys {
                $($field:ident $(= $name:literal)?: $row:expr $(=> $mode:ident |$x:ident| $body:expr)?),+ $(,)?
            }
            $(check $(counting $errors:ident)? $check:block)?
            $(given { $($extra:ident: $extra_value:expr),+ $(,)? })?
            $(then |$built:ident| $then:block)?
        }
    ) => {
        impl $model {
            /// The rows of this table, in reading order.
            pub(crate) const KEYS: &'static [$crate::validate::keys::Key] =
                &[$($crate::validate::section::section!(@row $row, $field $(, $name)?)),+];

            /// Reads the table, reporting every problem; `None` when a
            /// required key or a rule failed.
            pub(crate) fn read(
                $r: &mut $crate::validate::fields::Reader,
                $t: &$crate::validate::fields::Table,
                $spec: &'static $crate::validate::keys::TableSpec,
                $($ctx: $ctx_ty),*
            ) -> Option<Self> {
                $t.check_keys($r, $spec);
                $($(let $errors = $r.diags.error_count();)?)?
                $(
                    #[allow(unused_mut)]
                    let mut $field = {
                        const KEY: $crate::validate::keys::Key =
                            $crate::validate::section::section!(@row $row, $field $(, $name)?);
                        $crate::validate::section::section!(@read $r, $t, $spec, KEY, |m: &$model| &m.$field $(, $mode |$x| $body)?)
                    };
                    $crate::validate::section::section!(@then $field $(, $mode |$x| $body)?);
                )+
                $($check)?
                $($(let $extra = $extra_value;)+)?
                let value = $model {
                    $($field: $crate::validate::section::section!(@finish $model, $field $(, $mode)?)?,)+
                    $($($extra,)+)?
                };
                $({
                    let $built = &value;
                    $then
                })?
                Some(value)
            }

            /// Names of rows whose kind the field's type cannot read.
            #[cfg(test)]
            pub(crate) fn unreadable_keys() -> Vec<&'static str> {
                let mut out = Vec::new();
                $(
                    let key: $crate::validate::keys::Key =
                        $crate::validate::section::section!(@row $row, $field $(, $name)?);
                    if !$crate::validate::section::section!(@accepts $model, $field, key $(, $mode)?) {
                        out.push(key.name);
                    }
                )+
                out
            }
        }
    };
    (@row $row:expr, $field:ident) => {
        $crate::validate::keys::Key { name: stringify!($field), ..$row }
    };
    (@row $row:expr, $field:ident, $name:literal) => {
        $crate::validate::keys::Key { name: $name, ..$row }
    };
    (@read $r:ident, $t:ident, $spec:ident, $key:ident, $proj:expr) => {
        $crate::validate::section::read_as($r, $t, $spec, &$key, $proj)
    };
    (@read $r:ident, $t:ident, $spec:ident, $key:ident, $proj:expr, then |$x:ident| $body:expr) => {
        $crate::validate::section::read_as($r, $t, $spec, &$key, $proj)
    };
    (@read $r:ident, $t:ident, $spec:ident, $key:ident, $proj:expr, read |$x:ident| $body:expr) => {{
        let $x: &'static $crate::validate::keys::Key = &$key;
        $body
    }};
    (@then $field:ident) => {};
    (@then $field:ident, read |$x:ident| $body:expr) => {};
    (@then $field:ident, then |$x:ident| $body:expr) => {{
        let $x = &mut $field;
        $body;
    }};
    (@finish $model:ident, $field:ident) => {
        $crate::validate::section::finish_as(|m: &$model| &m.$field, $field)
    };
    (@finish $model:ident, $field:ident, then) => {
        $crate::validate::section::finish_as(|m: &$model| &m.$field, $field)
    };
    (@finish $model:ident, $field:ident, read) => {
        $field
    };
    (@accepts $model:ident, $field:ident, $key:ident) => {
        $crate::validate::section::accepts_as(|m: &$model| &m.$field, &$key.kind)
    };
    (@accepts $model:ident, $field:ident, $key:ident, then) => {
        $crate::validate::section::accepts_as(|m: &$model| &m.$field, &$key.kind)
    };
    // Read by hand: the hand-written reader takes the key itself.
    (@accepts $model:ident, $field:ident, $key:ident, read) => {
        true
    };
}
pub(crate) use section;

/// [`FieldValue`] for a section's struct, read from a `Kind::Table` or
/// `Kind::Tables` row with `read(r, t, spec)`. With `default`, an absent
/// optional table gives the struct's default instead of failing.
macro_rules! table_field {
    ($model:ident $(, $default:ident)?) => {
        impl $crate::validate::read::FieldValue for $model {
            type Read = Option<$model>;
            fn accepts(kind: &$crate::validate::keys::Kind) -> bool {
                $crate::validate::section::table_of(kind).is_some_and(|spec| spec.rows.len() == $model::KEYS.len()
                    && spec.rows.iter().zip($model::KEYS).all(|(a, b)| a.name == b.name))
            }
            fn read(
                r: &mut $crate::validate::fields::Reader,
                t: &$crate::validate::fields::Table,
                key: &'static $crate::validate::keys::Key,
            ) -> Self::Read {
                let read = $crate::validate::section::read_table(r, t, key, $model::read);
                $(if read.is_none() && !key.required {
                    return Some(<$model as $default>::default());
                })?
                read
            }
            $(fn absent() -> Self::Read {
                Some(<$model as $default>::default())
            })?
            fn finish(read: Self::Read) -> Option<Self> {
                read
            }
        }

        impl $crate::validate::read::FieldValue for Option<$model> {
            type Read = Option<$model>;
            fn accepts(kind: &$crate::validate::keys::Kind) -> bool {
                <$model as $crate::validate::read::FieldValue>::accepts(kind)
            }
            fn read(
                r: &mut $crate::validate::fields::Reader,
                t: &$crate::validate::fields::Table,
                key: &'static $crate::validate::keys::Key,
            ) -> Self::Read {
                $crate::validate::section::read_table(r, t, key, $model::read)
            }
            fn finish(read: Self::Read) -> Option<Self> {
                Some(read)
            }
        }

        impl $crate::validate::read::FieldValue for Vec<$model> {
            type Read = Vec<$model>;
            fn accepts(kind: &$crate::validate::keys::Kind) -> bool {
                matches!(kind, $crate::validate::keys::Kind::Tables(_))
                    && <$model as $crate::validate::read::FieldValue>::accepts(kind)
            }
            fn read(
                r: &mut $crate::validate::fields::Reader,
                t: &$crate::validate::fields::Table,
                key: &'static $crate::validate::keys::Key,
            ) -> Self::Read {
                let Some(spec) = $crate::validate::section::table_of(&key.kind) else {
                    return Vec::new();
                };
                t.tables(r, key.name, spec.name)
                    .iter()
                    .filter_map(|sub| $model::read(r, sub, spec))
                    .collect()
            }
            fn finish(read: Self::Read) -> Option<Self> {
                Some(read)
            }
        }
    };
}
pub(crate) use table_field;

/// The table a `Table` or `Tables` row holds.
pub(crate) fn table_of(kind: &Kind) -> Option<&'static TableSpec> {
    match kind {
        Kind::Table(spec) | Kind::Tables(spec) => Some(spec),
        _ => None,
    }
}

/// Reads the sub-table of a `Table` row with `read`.
pub(crate) fn read_table<S>(
    r: &mut Reader,
    t: &Table,
    key: &Key,
    read: fn(&mut Reader, &Table, &'static TableSpec) -> Option<S>,
) -> Option<S> {
    let spec = table_of(&key.kind)?;
    let sub = sub_table(r, t, key, spec)?;
    read(r, &sub, spec)
}
