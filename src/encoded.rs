//! Bytes prepared once and served many times: each body with its gzip and brotli forms, a
//! strong ETag for each, and the HTTP rules for choosing and revalidating them.

use std::io::Write;

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderMap, HeaderValue};
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, HttpResponseBuilder};

use crate::hash;

/// A content coding the server can send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    Identity,
    Gzip,
    Brotli,
}

impl Coding {
    fn token(self) -> &'static str {
        match self {
            Coding::Identity => "identity",
            Coding::Gzip => "gzip",
            Coding::Brotli => "br",
        }
    }

    fn header(self) -> HeaderValue {
        HeaderValue::from_static(self.token())
    }
}

/// One form of a body and its tag.
#[derive(Debug, Clone)]
pub struct Form {
    pub bytes: Bytes,
    /// A strong ETag: a hash of exactly these bytes, quotes included.
    pub etag: String,
    /// The same, ready to send: no parsing per request.
    etag_value: HeaderValue,
}

impl Form {
    fn new(bytes: Vec<u8>) -> Self {
        let etag = format!("\"{}\"", hash::hex(&bytes));
        Form {
            etag_value: HeaderValue::from_str(&etag).unwrap_or(HeaderValue::from_static("\"\"")),
            etag,
            bytes: Bytes::from(bytes),
        }
    }
}

/// A body in every form worth sending.
#[derive(Debug, Clone)]
pub struct Encoded {
    pub content_type: &'static str,
    content_type_value: HeaderValue,
    pub plain: Form,
    /// Only kept when smaller than the plain form.
    pub gzip: Option<Form>,
    pub brotli: Option<Form>,
    /// `Content-Disposition` for a download: the name it is saved under.
    disposition: Option<HeaderValue>,
}

impl Encoded {
    /// Compresses `bytes` once: the cost is paid at load, not per request. Types that do not compress (images) keep only their plain form.
    pub fn new(content_type: &'static str, bytes: Vec<u8>) -> Self {
        let compressible = is_compressible(content_type);
        let gzip = compressible.then(|| gzip(&bytes)).flatten();
        let brotli = compressible.then(|| brotli(&bytes)).flatten();
        let smaller = |c: Option<Vec<u8>>| c.filter(|c| c.len() < bytes.len()).map(Form::new);
        let (gzip, brotli) = (smaller(gzip), smaller(brotli));
        Encoded {
            content_type,
            content_type_value: HeaderValue::from_static(content_type),
            plain: Form::new(bytes),
            gzip,
            brotli,
            disposition: None,
        }
    }

    /// The same body, sent with `Content-Disposition`: `attachment` asks the browser to save
    /// it, `inline` to show it; either way it is saved under `file_name` (ASCII: the names
    /// are made from slugs and dates).
    pub fn with_disposition(mut self, attachment: bool, file_name: &str) -> Self {
        let kind = if attachment { "attachment" } else { "inline" };
        self.disposition = HeaderValue::from_str(&format!("{kind}; filename=\"{file_name}\"")).ok();
        self
    }

    /// Whether the response depends on `Accept-Encoding`.
    pub fn varies(&self) -> bool {
        is_compressible(self.content_type)
    }

    /// The best form the client accepts.
    pub fn choose(&self, accept_encoding: Option<&str>) -> (Coding, &Form) {
        let accepts = |c: Coding| accept_encoding.is_some_and(|h| quality(h, c.token()) > 0);
        match (&self.brotli, &self.gzip) {
            (Some(br), _) if accepts(Coding::Brotli) => (Coding::Brotli, br),
            (_, Some(gz)) if accepts(Coding::Gzip) => (Coding::Gzip, gz),
            // A client that accepts nothing we have still gets the plain form, not a 406.
            _ => (Coding::Identity, &self.plain),
        }
    }

    /// The response for `req`: the chosen form with its ETag, or 304 when the client's copy
    /// is current.
    pub fn respond(
        &self,
        req: &HttpRequest,
        status: StatusCode,
        cache_control: HeaderValue,
    ) -> HttpResponse {
        let headers = req.headers();
        let accept = headers
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok());
        let (coding, form) = self.choose(accept);
        let mut res = HttpResponseBuilder::new(status);
        res.insert_header((header::ETAG, form.etag_value.clone()))
            .insert_header((header::CACHE_CONTROL, cache_control));
        if self.varies() {
            res.insert_header((header::VARY, HeaderValue::from_static("Accept-Encoding")));
        }
        if status == StatusCode::OK && none_match(headers, &form.etag) {
            return res.status(StatusCode::NOT_MODIFIED).finish();
        }
        if coding != Coding::Identity {
            res.insert_header((header::CONTENT_ENCODING, coding.header()));
        }
        if let Some(disposition) = &self.disposition {
            res.insert_header((header::CONTENT_DISPOSITION, disposition.clone()));
        }
        res.insert_header((header::CONTENT_TYPE, self.content_type_value.clone()))
            .body(form.bytes.clone())
    }
}

fn is_compressible(content_type: &str) -> bool {
    content_type.starts_with("text/")
        || content_type.starts_with("application/json")
        || content_type.starts_with("application/javascript")
        || content_type.starts_with("application/xml")
        || content_type.starts_with("image/svg+xml")
}

fn gzip(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).ok()?;
    encoder.finish().ok()
}

/// Quality 5 compresses the whole site in about 20 ms; quality 11 takes about 250 ms for pages
/// only 10 % smaller, which would put startup and every reload past their budgets.
fn brotli(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 5,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).ok()?;
    Some(out)
}

/// The q-value `Accept-Encoding` gives a coding: its own entry, else `*`, else 0 (identity
/// is acceptable unless refused, but it is never compared here).
fn quality(header: &str, token: &str) -> u16 {
    let mut star = None;
    for entry in header.split(',') {
        let mut parts = entry.split(';');
        let name = parts.next().unwrap_or("").trim();
        let q = parts
            .find_map(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .or_else(|| p.trim().strip_prefix("Q="))
            })
            .map_or(1000, parse_q);
        if name.eq_ignore_ascii_case(token) {
            return q;
        }
        if name == "*" {
            star = Some(q);
        }
    }
    star.unwrap_or(0)
}

/// A q-value in thousandths: `0.8` is 800; anything malformed is 0.
fn parse_q(s: &str) -> u16 {
    let s = s.trim();
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    if frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return 0;
    }
    let frac_value = format!("{frac:0<3}").parse::<u16>().unwrap_or(0);
    match whole {
        "0" => frac_value,
        "1" if frac_value == 0 => 1000,
        _ => 0,
    }
}

/// `If-None-Match` names the tag we would send: a single tag, a list containing it (weak
/// comparison, so `W/` tags match too), or `*`.
pub fn none_match(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .filter_map(|v: &HeaderValue| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == etag)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page() -> Encoded {
        Encoded::new(
            "text/html; charset=utf-8",
            "<p>hello</p>".repeat(200).into_bytes(),
        )
    }

    #[test]
    fn each_form_has_its_own_strong_tag() {
        let e = page();
        let (gz, br) = (e.gzip.as_ref().unwrap(), e.brotli.as_ref().unwrap());
        assert!(br.bytes.len() < gz.bytes.len() && gz.bytes.len() < e.plain.bytes.len());
        assert_ne!(e.plain.etag, gz.etag);
        assert_ne!(gz.etag, br.etag);
        assert!(e.plain.etag.starts_with('"') && !e.plain.etag.starts_with("W/"));
    }

    #[test]
    fn negotiation_honours_q_values() {
        let e = page();
        let coding = |h: Option<&str>| e.choose(h).0;
        assert_eq!(coding(Some("gzip, deflate, br")), Coding::Brotli);
        assert_eq!(coding(Some("br;q=0, gzip")), Coding::Gzip);
        assert_eq!(coding(Some("br;q=0.0, gzip;q=0.5")), Coding::Gzip);
        assert_eq!(coding(Some("*")), Coding::Brotli);
        assert_eq!(coding(Some("*;q=0, gzip")), Coding::Gzip);
        assert_eq!(coding(Some("identity")), Coding::Identity);
        assert_eq!(
            coding(Some("br;q=0, gzip;q=0, identity;q=0")),
            Coding::Identity
        );
        assert_eq!(coding(Some("BR")), Coding::Brotli);
        assert_eq!(coding(Some("br;q=bogus, gzip")), Coding::Gzip);
        assert_eq!(coding(None), Coding::Identity);
    }

    #[test]
    fn text_types_are_compressed_and_binary_ones_are_not() {
        for t in [
            "text/html; charset=utf-8",
            "text/css; charset=utf-8",
            "application/json",
            "application/javascript",
            "application/xml; charset=utf-8",
            "image/svg+xml",
        ] {
            assert!(is_compressible(t), "{t}");
        }
        for t in [
            "image/png",
            "font/woff2",
            "application/pdf",
            "application/octet-stream",
        ] {
            assert!(!is_compressible(t), "{t}");
        }
    }

    #[test]
    fn images_are_not_compressed_again() {
        let e = Encoded::new("image/png", vec![0u8; 4000]);
        assert!(e.gzip.is_none() && e.brotli.is_none() && !e.varies());
    }

    #[test]
    fn q_values_parse_in_thousandths() {
        assert_eq!(parse_q("1"), 1000);
        assert_eq!(parse_q("0.8"), 800);
        assert_eq!(parse_q("0.125"), 125);
        assert_eq!(parse_q("0"), 0);
        assert_eq!(parse_q("1.5"), 0);
        assert_eq!(parse_q("0.1234"), 0);
    }
}
