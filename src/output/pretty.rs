//! JSON pretty-printed as `serde_json::to_string_pretty` prints it (two spaces a level), but
//! starting at a given depth, so that an item of a document's array can be rendered on its
//! own, by the worker that linted the file, and copied into the document unchanged.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{Formatter, Serializer};

/// The layout of serde_json's `PrettyFormatter`, whose depth cannot be set from outside.
struct Nested {
    depth: usize,
    has_value: bool,
}

impl Nested {
    fn indent(&self, writer: &mut (impl ?Sized + Write)) -> io::Result<()> {
        for _ in 0..self.depth {
            writer.write_all(b"  ")?;
        }
        Ok(())
    }

    fn open(&mut self, writer: &mut (impl ?Sized + Write), bracket: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        writer.write_all(bracket)
    }

    fn close(&mut self, writer: &mut (impl ?Sized + Write), bracket: &[u8]) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            writer.write_all(b"\n")?;
            self.indent(writer)?;
        }
        writer.write_all(bracket)
    }

    fn next(&mut self, writer: &mut (impl ?Sized + Write), first: bool) -> io::Result<()> {
        writer.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(writer)
    }
}

impl Formatter for Nested {
    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.next(writer, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.next(writer, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// Appends `value` to `out` as it would stand `depth` levels deep in a pretty-printed
/// document, its first line indented too.
pub fn write_at(out: &mut Vec<u8>, value: &impl Serialize, depth: usize) {
    let formatter = Nested {
        depth,
        has_value: false,
    };
    for _ in 0..depth {
        out.extend_from_slice(b"  ");
    }
    // Writing plain data to memory cannot fail.
    let _ = value.serialize(&mut Serializer::with_formatter(out, formatter));
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::{Value, json};

    /// What the reporter did before: print whole, then indent every line.
    fn indented_whole(value: &Value, depth: usize) -> String {
        let text = serde_json::to_string_pretty(value).unwrap();
        text.split('\n')
            .map(|line| format!("{}{line}", "  ".repeat(depth)))
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn at(value: &Value, depth: usize) -> String {
        let mut out = Vec::new();
        write_at(&mut out, value, depth);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn nests_as_serde_json_prints_whole() {
        let value = json!({
            "path": "a \"quoted\"\npath",
            "empty": [],
            "none": {},
            "fix": null,
            "span": {"start": {"offset": 1, "line": 2}, "list": [1, [2, []], {"a": []}]},
        });
        for depth in 0..5 {
            assert_eq!(at(&value, depth), indented_whole(&value, depth));
        }
    }

    fn values() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            ".*".prop_map(Value::from),
        ];
        leaf.prop_recursive(4, 32, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(Value::from),
                prop::collection::btree_map(".{0,6}", inner, 0..5)
                    .prop_map(|map| Value::Object(map.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn any_value_nests_as_printed_whole(value in values(), depth in 0usize..6) {
            prop_assert_eq!(at(&value, depth), indented_whole(&value, depth));
        }
    }
}
