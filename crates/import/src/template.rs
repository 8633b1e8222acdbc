//! Name templates such as `"District {id}"`: `{id}` is the external id, `{1}`, `{2}`... its key
//! parts, `{{` and `}}` literal braces.

/// One piece of a parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece {
    Text(String),
    Id,
    /// 0-based key part.
    Part(usize),
}

/// A parsed name template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Template(Vec<Piece>);

impl Template {
    /// Parses `text`, whose placeholders may name key parts `1..=parts`.
    pub(crate) fn parse(text: &str, parts: usize) -> Result<Self, String> {
        let mut pieces = Vec::new();
        let mut literal = String::new();
        let mut rest = text;
        while let Some(c) = rest.chars().next() {
            rest = &rest[c.len_utf8()..];
            match c {
                '{' if rest.starts_with('{') => {
                    literal.push('{');
                    rest = &rest[1..];
                }
                '}' if rest.starts_with('}') => {
                    literal.push('}');
                    rest = &rest[1..];
                }
                '{' => {
                    let end = rest
                        .find('}')
                        .ok_or_else(|| format!("unclosed '{{' in template {text:?}"))?;
                    pieces.push(Piece::Text(std::mem::take(&mut literal)));
                    pieces.push(placeholder(&rest[..end], parts)?);
                    rest = &rest[end + 1..];
                }
                '}' => return Err(format!("lone '}}' in template {text:?} (write '}}}}')")),
                _ => literal.push(c),
            }
        }
        pieces.push(Piece::Text(literal));
        Ok(Self(pieces))
    }

    /// Fills the template in.
    pub(crate) fn render(&self, id: &str, parts: &[String]) -> String {
        let mut out = String::new();
        for piece in &self.0 {
            match piece {
                Piece::Text(text) => out.push_str(text),
                Piece::Id => out.push_str(id),
                Piece::Part(i) => out.push_str(parts.get(*i).map_or("", String::as_str)),
            }
        }
        out
    }
}

fn placeholder(name: &str, parts: usize) -> Result<Piece, String> {
    if name == "id" {
        return Ok(Piece::Id);
    }
    match name.parse::<usize>() {
        Ok(n) if (1..=parts).contains(&n) => Ok(Piece::Part(n - 1)),
        _ if parts == 1 => Err(format!(
            "unknown placeholder {{{name}}}: use {{id}} or {{1}}"
        )),
        _ => Err(format!(
            "unknown placeholder {{{name}}}: use {{id}} or a key part {{1}}..{{{parts}}}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_id_and_parts() {
        let t = Template::parse("District {1}, ZIP {2} ({id}) {{x}}", 2).expect("valid");
        let parts = ["7".to_owned(), "92101".to_owned()];
        assert_eq!(
            t.render("7/92101", &parts),
            "District 7, ZIP 92101 (7/92101) {x}"
        );
    }

    #[test]
    fn rejects_unknown_placeholders() {
        assert!(Template::parse("{3}", 2).is_err());
        assert!(Template::parse("{name}", 1).is_err());
        assert!(Template::parse("{id", 1).is_err());
        assert!(Template::parse("a}b", 1).is_err());
    }
}
