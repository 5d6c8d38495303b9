//! Any bytes as YAML: the front-matter parser (serde-saphyr with budgets) must return a tree
//! whose every span lies in the text on character boundaries, or an error that does; the same
//! bytes as a whole front-matter block and as a configuration file must not panic either.

#![no_main]

use healthlint::Config;
use healthlint::article::split_front_matter;
use healthlint::diagnostic::Span;
use healthlint::yaml::{self, Node, Value};
use libfuzzer_sys::fuzz_target;

fn check_span(text: &str, span: Span) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{span:?} outside {}",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{span:?} inside a character"
    );
}

fn check_node(text: &str, node: &Node) {
    check_span(text, node.span);
    match &node.value {
        Value::List(items) => items.iter().for_each(|item| check_node(text, item)),
        Value::Map(entries) => {
            for entry in entries {
                check_span(text, entry.key_span);
                check_node(text, &entry.value);
            }
        }
        _ => {}
    }
}

fuzz_target!(|data: &[u8]| {
    let yaml_text = String::from_utf8_lossy(data);
    match yaml::parse(&yaml_text) {
        Ok(node) => check_node(&yaml_text, &node),
        Err(error) => check_span(&yaml_text, error.span),
    }

    let article = format!("---\n{yaml_text}\n---\n# Body\n");
    let (front, body_start) = split_front_matter(&article);
    assert!(article.is_char_boundary(body_start) && body_start <= article.len());
    if let Some(front) = front {
        check_span(&article, front.span());
        match &front.parsed {
            Ok(node) => check_node(&article, node),
            Err(error) => check_span(&article, error.span),
        }
    }

    let _ = Config::from_text("fuzz.yaml", &yaml_text);
});
