//! The keys of `report.yaml`, checked before its values: every misspelt or
//! unknown key is reported at its line, with its path (`settings.papr`) and
//! the closest known key, all at once rather than one per run.

use std::path::Path;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_saphyr::Spanned;

use super::{Facts, Settings};
use crate::error::{Error, Place};
use crate::indicators::StatedSummary;
use crate::t;

/// A YAML node reduced to its mapping keys and where they are.
#[derive(Debug, Default)]
struct Keys(Vec<(Spanned<String>, Keys)>);

impl<'de> Deserialize<'de> for Keys {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeysVisitor;
        impl<'de> Visitor<'de> for KeysVisitor {
            type Value = Keys;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Keys, A::Error> {
                let mut keys = Vec::new();
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    keys.push((key, map.next_value::<Keys>()?));
                }
                Ok(Keys(keys))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Keys, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Keys::default())
            }
            fn visit_bool<E>(self, _: bool) -> Result<Keys, E> {
                Ok(Keys::default())
            }
            fn visit_i64<E>(self, _: i64) -> Result<Keys, E> {
                Ok(Keys::default())
            }
            fn visit_u64<E>(self, _: u64) -> Result<Keys, E> {
                Ok(Keys::default())
            }
            fn visit_f64<E>(self, _: f64) -> Result<Keys, E> {
                Ok(Keys::default())
            }
            fn visit_str<E>(self, _: &str) -> Result<Keys, E> {
                Ok(Keys::default())
            }
            fn visit_unit<E>(self) -> Result<Keys, E> {
                Ok(Keys::default())
            }
            fn visit_none<E>(self) -> Result<Keys, E> {
                Ok(Keys::default())
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Keys, D::Error> {
                Keys::deserialize(d)
            }
        }
        deserializer.deserialize_any(KeysVisitor)
    }
}

/// Every key of `source` (the text of `path`) that the facts do not know,
/// as an error with its place, its path and the closest known key. Invalid
/// YAML gives no errors here: the full parse reports it.
pub fn unknown_keys(path: &Path, source: &str) -> Vec<Error> {
    let Ok(root) = serde_saphyr::from_str::<Keys>(source) else { return Vec::new() };
    let mut errors = Vec::new();
    let facts = fields_of::<Facts>();
    for (key, value) in &root.0 {
        match key.value.as_str() {
            "settings" => check(path, "settings.", &value.0, fields_of::<Settings>(), &mut errors),
            "summaries" => {
                for (list, summary) in &value.0 {
                    let prefix = format!("summaries.{}.", list.value);
                    check(path, &prefix, &summary.0, fields_of::<StatedSummary>(), &mut errors);
                }
            }
            _ => {}
        }
    }
    check(path, "", &root.0, facts, &mut errors);
    errors.sort_by_key(|e| e.place().and_then(|p| p.line));
    errors
}

fn check(path: &Path, prefix: &str, keys: &[(Spanned<String>, Keys)], known: &[&str], errors: &mut Vec<Error>) {
    for (key, _) in keys {
        if known.contains(&key.value.as_str()) {
            continue;
        }
        let at = key.referenced;
        let place = Place::at(path, at.line().max(1) as usize, at.column().max(1) as usize);
        let closest = known.iter().min_by_key(|k| strsim::levenshtein(k, &key.value)).copied().unwrap_or_default();
        let hint = if strsim::levenshtein(closest, &key.value) <= closest.len().max(2) / 2 + 1 {
            t!("có phải là `{prefix}{closest}`?", "did you mean `{prefix}{closest}`?")
        } else {
            t!("các khóa được dùng ở đây: {}", "the keys allowed here: {}", known.join(", "))
        };
        errors.push(Error::input(
            place,
            t!("khóa không hợp lệ `{prefix}{}`", "unknown key `{prefix}{}`", key.value),
            Some(hint),
        ));
    }
}

/// The field names of struct `T`, as its derived `Deserialize` knows them.
fn fields_of<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    let mut fields: &'static [&'static str] = &[];
    // Asks `T` to deserialize itself, and keeps the field list it offers.
    let _ = T::deserialize(FieldNames(&mut fields));
    fields
}

/// A deserializer that only records the fields a struct asks for.
struct FieldNames<'a>(&'a mut &'static [&'static str]);

impl<'de> Deserializer<'de> for FieldNames<'_> {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("not a struct"))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Self::Error> {
        *self.0 = fields;
        Err(de::Error::custom("fields recorded"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_come_from_the_structs() {
        assert!(fields_of::<Facts>().contains(&"parent_body"));
        assert!(fields_of::<Facts>().contains(&"summaries"));
        assert_eq!(fields_of::<Settings>(), ["paper", "duplex", "zero_pad_counts", "ratio_decimals"]);
    }

    #[test]
    fn every_unknown_key_is_named_with_its_path_and_the_closest_key() {
        let source = "titel: X\nyear: 2020\nsettings:\n  papr: a5\nsummaries:\n  main:\n    totl: 3\n    title: y\nfoo: [1, 2]\n";
        let errors: Vec<String> = unknown_keys(Path::new("r.yaml"), source).iter().map(ToString::to_string).collect();
        assert_eq!(errors.len(), 4, "{errors:#?}");
        assert!(errors[0].starts_with("r.yaml:1:1: ") && errors[0].contains("`titel`") && errors[0].contains("`title`"), "{}", errors[0]);
        assert!(errors[1].starts_with("r.yaml:4:3: ") && errors[1].contains("`settings.papr`") && errors[1].contains("`settings.paper`"), "{}", errors[1]);
        assert!(errors[2].starts_with("r.yaml:7:5: ") && errors[2].contains("`summaries.main.total`"), "{}", errors[2]);
        assert!(errors[3].starts_with("r.yaml:9:1: ") && errors[3].contains("`foo`"), "{}", errors[3]);
    }
}
