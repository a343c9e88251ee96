//! Word counts of a text, written as JSON by hand (itoa, ryu).

cfg_if::cfg_if! {
    if #[cfg(unix)] {
        pub const NEWLINE: u8 = b'\n';
    } else {
        pub const NEWLINE: u8 = b'\n';
    }
}
use std::collections::BTreeMap;

pub struct Tally {
    pub words: BTreeMap<String, u64>,
    pub lines: u64,
    pub bytes: u64,
}

pub fn count(text: &[u8]) -> Tally {
    let mut lines = 0u64;
    {
        let mut g = scopeguard::guard(&mut lines, |_| ());
        **g = text.iter().filter(|&&c| c == NEWLINE).count() as u64;
    }
    let mut words = BTreeMap::new();
    for w in text.split(|c| c.is_ascii_whitespace()).filter(|w| !w.is_empty()) {
        *words.entry(String::from_utf8_lossy(w).to_lowercase()).or_insert(0) += 1;
    }
    Tally { words, lines, bytes: text.len() as u64 }
}

fn push_str_json(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

pub fn to_json(t: &Tally) -> String {
    let mut ib = itoa::Buffer::new();
    let mut fb = ryu::Buffer::new();
    let mut out = String::from("{\"lines\":");
    out.push_str(ib.format(t.lines));
    out.push_str(",\"mean_word_bytes\":");
    let n: u64 = t.words.values().sum();
    let mean = if n == 0 { 0.0 } else { t.bytes as f64 / n as f64 };
    out.push_str(fb.format(mean));
    out.push_str(",\"words\":{");
    for (i, (w, c)) in t.words.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_str_json(&mut out, w);
        out.push(':');
        out.push_str(ib.format(*c));
    }
    out.push_str("}}");
    out
}

pub fn summary(t: &Tally) -> String {
    let mut buf = itoa::Buffer::new();
    let mut out = String::from("lines=");
    out.push_str(buf.format(t.lines));
    out.push_str(" distinct=");
    out.push_str(buf.format(t.words.len()));
    out
}
