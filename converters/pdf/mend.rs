//! Mending what lopdf loaded: objects it could not read reported, streams
//! whose length it could not use read up to `endstream`, and page trees
//! that refer back to themselves cut.

use super::raw::{find_all, raw_stream_data};
use docmend_core::model::{Diagnostic, DiagnosticCode};
use lopdf::xref::XrefEntry;
use lopdf::{Document, Object, ObjectId};
use std::collections::{HashMap, HashSet};

/// Objects the cross-reference data lists that lopdf could not read.
/// An entry at offset 0 points at the file header, not at an object: some
/// writers list unused numbers that way; it loses nothing.
pub fn unreadable_objects(doc: &Document, skip: &[u32]) -> Option<Diagnostic> {
    let mut missing: Vec<ObjectId> = Vec::new();
    let mut count = 0usize;
    for (&number, entry) in &doc.reference_table.entries {
        if skip.contains(&number) {
            continue;
        }
        let id = match *entry {
            XrefEntry::Normal { offset: 0, .. } => continue,
            XrefEntry::Normal { generation, .. } => (number, generation),
            XrefEntry::Compressed { .. } => (number, 0),
            _ => continue,
        };
        if !doc.objects.contains_key(&id) {
            count += 1;
            if missing.len() < 5 {
                missing.push(id);
            }
        }
    }
    (count > 0).then(|| {
        let shown: Vec<String> = missing.iter().map(|(n, g)| format!("{n} {g}")).collect();
        Diagnostic::new(
            DiagnosticCode::ObjectsUnreadable,
            format!(
                "{count} objects the file lists could not be read ({}{}); what they held is missing",
                shown.join(", "),
                if count > shown.len() { ", …" } else { "" }
            ),
        )
    })
}

/// Reads, up to `endstream`, the data of the streams lopdf left empty
/// because their `/Length` was missing or unusable (negative, or a
/// reference to something other than a number, such as the stream itself).
pub fn recover_stream_data(doc: &mut Document, bytes: &[u8]) -> Option<Diagnostic> {
    let unusable = |dict: &lopdf::Dictionary| match dict.get(b"Length") {
        Ok(Object::Integer(n)) => *n < 0,
        Ok(Object::Real(r)) => *r < 0.0,
        Ok(Object::Reference(id)) => !matches!(
            doc.objects.get(id),
            Some(Object::Integer(_) | Object::Real(_))
        ),
        _ => true,
    };
    let empty: Vec<ObjectId> = doc
        .objects
        .iter()
        .filter_map(|(id, o)| match o {
            Object::Stream(s) if s.content.is_empty() && unusable(&s.dict) => Some(*id),
            _ => None,
        })
        .collect();
    if empty.is_empty() {
        return None;
    }
    // lopdf counts offsets from the header, wherever it starts.
    let base = find_all(bytes, b"%PDF-").next().unwrap_or(0);
    let mut recovered = 0usize;
    for id in &empty {
        let Some(&XrefEntry::Normal { offset, .. }) = doc.reference_table.get(id.0) else {
            continue;
        };
        let data = bytes
            .get(base + offset as usize..)
            .and_then(raw_stream_data)
            .map(<[u8]>::to_vec);
        if let (Some(data), Ok(Object::Stream(s))) = (data, doc.get_object_mut(*id)) {
            s.set_content(data);
            recovered += 1;
        }
    }
    Some(Diagnostic::new(
        DiagnosticCode::StreamLengthRepaired,
        format!(
            "{} streams have no usable /Length; {recovered} were read up to their `endstream`",
            empty.len()
        ),
    ))
}

/// Removes the references that make the page tree a cycle: a `/Kids`
/// entry naming a node already met on the way down (lopdf's page iterator
/// would circle in it until its step budget ran out and list no page
/// after it), and a `/Parent` that leads back to a node already met on the
/// way up (lopdf then refuses the page's inherited resources). A page
/// listed twice is left alone: it is shown twice, as viewers do.
pub fn mend_page_tree(doc: &mut Document) -> Option<Diagnostic> {
    let root = doc
        .catalog()
        .ok()?
        .get(b"Pages")
        .ok()?
        .as_reference()
        .ok()?;
    let mut dropped_kids = 0usize;
    let mut seen: HashSet<ObjectId> = HashSet::from([root]);
    let mut pages: Vec<ObjectId> = Vec::new();
    let mut todo = vec![root];
    let mut fixed_kids: HashMap<ObjectId, Vec<Object>> = HashMap::new();
    while let Some(node) = todo.pop() {
        let Ok(dict) = doc.get_dictionary(node) else {
            continue;
        };
        let Ok(kids) = dict.get_deref(b"Kids", doc).and_then(Object::as_array) else {
            continue;
        };
        let mut keep = Vec::with_capacity(kids.len());
        let mut changed = false;
        for kid in kids {
            let Ok(id) = kid.as_reference() else {
                keep.push(kid.clone());
                continue;
            };
            let is_node = doc
                .get_dictionary(id)
                .is_ok_and(|d| d.get(b"Kids").is_ok() || d.has_type(b"Pages"));
            if is_node {
                if !seen.insert(id) {
                    dropped_kids += 1;
                    changed = true;
                    continue;
                }
                todo.push(id);
            } else {
                pages.push(id);
            }
            keep.push(kid.clone());
        }
        if changed {
            fixed_kids.insert(node, keep);
        }
    }
    for (node, kids) in fixed_kids {
        if let Ok(dict) = doc.get_dictionary_mut(node) {
            dict.set("Kids", Object::Array(kids));
        }
    }
    let mut dropped_parents = 0usize;
    let mut checked: HashSet<ObjectId> = HashSet::new();
    for page in pages {
        let mut path: HashSet<ObjectId> = HashSet::new();
        let mut at = page;
        while checked.insert(at) {
            path.insert(at);
            let Some(parent) = doc
                .get_dictionary(at)
                .ok()
                .and_then(|d| d.get(b"Parent").ok())
                .and_then(|o| o.as_reference().ok())
            else {
                break;
            };
            if path.contains(&parent) {
                if let Ok(dict) = doc.get_dictionary_mut(at) {
                    dict.remove(b"Parent");
                }
                dropped_parents += 1;
                break;
            }
            at = parent;
        }
    }
    (dropped_kids + dropped_parents > 0).then(|| {
        Diagnostic::new(
            DiagnosticCode::PageTreeRepaired,
            format!(
                "the page tree refers back to itself: {dropped_kids} /Kids and \
                 {dropped_parents} /Parent references that close a cycle were ignored"
            ),
        )
    })
}
