//! Bytes prepared once and served many times: each body with its gzip and brotli forms, a
//! strong ETag for each, and the HTTP rules for choosing and revalidating them.

use std::io::Write;

use actix_web::http::StatusCode;
use actix_web::http::header::{
    self, AcceptEncoding, Encoding, EntityTag, Header, HeaderValue, IfNoneMatch, Preference,
    Quality,
};
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

    fn encoding(self) -> Encoding {
        match self {
            Coding::Identity => Encoding::identity(),
            Coding::Gzip => Encoding::gzip(),
            Coding::Brotli => Encoding::brotli(),
        }
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
    /// The same, to compare with the tags of `If-None-Match`.
    tag: EntityTag,
}

impl Form {
    fn new(bytes: Vec<u8>) -> Self {
        let tag = EntityTag::new_strong(hash::hex(&bytes));
        let etag = tag.to_string();
        Form {
            etag_value: HeaderValue::from_str(&etag).unwrap_or(HeaderValue::from_static("\"\"")),
            etag,
            tag,
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

    /// The best form the client accepts: brotli before gzip whenever both are acceptable
    /// (a coding is refused only with `q=0`).
    pub fn choose(&self, accept: &AcceptEncoding) -> (Coding, &Form) {
        let accepts = |c: Coding| accepts(accept, c);
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
        // Either header, when it is not text, counts as absent: the plain form, and no 304.
        let accept = AcceptEncoding::parse(req).unwrap_or(AcceptEncoding(Vec::new()));
        let (coding, form) = self.choose(&accept);
        let mut res = HttpResponseBuilder::new(status);
        res.insert_header((header::ETAG, form.etag_value.clone()))
            .insert_header((header::CACHE_CONTROL, cache_control));
        if self.varies() {
            res.insert_header((header::VARY, HeaderValue::from_static("Accept-Encoding")));
        }
        if status == StatusCode::OK && none_match(IfNoneMatch::parse(req).ok(), &form.tag) {
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

/// Whether `Accept-Encoding` accepts a coding: its own entry, else `*`, with a q-value above
/// zero. Not `AcceptEncoding::negotiate`, which ranks by q-value before our preference for
/// brotli and reads `*` as naming no coding, so `*` alone would get the plain form.
fn accepts(accept: &AcceptEncoding, coding: Coding) -> bool {
    let entry = |wanted: Preference<Encoding>| accept.iter().find(|e| e.item == wanted);
    entry(Preference::Specific(coding.encoding()))
        .or_else(|| entry(Preference::Any))
        .is_some_and(|e| e.quality > Quality::ZERO)
}

/// `If-None-Match` names the tag we would send: `*`, or a list of tags holding it (weak
/// comparison, so `W/` tags match too).
fn none_match(condition: Option<IfNoneMatch>, tag: &EntityTag) -> bool {
    match condition {
        Some(IfNoneMatch::Any) => true,
        Some(IfNoneMatch::Items(tags)) => tags.iter().any(|t| t.weak_eq(tag)),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    /// A request with these header lines.
    fn request(name: &str, lines: &[&str]) -> HttpRequest {
        lines
            .iter()
            .fold(TestRequest::get(), |r, line| r.append_header((name, *line)))
            .to_http_request()
    }

    fn accept(h: Option<&str>) -> AcceptEncoding {
        AcceptEncoding::parse(&request("accept-encoding", h.as_slice())).expect("a header")
    }

    /// Whether a request with these `If-None-Match` lines has the tag `"x"`.
    fn has_x(lines: &[&str]) -> bool {
        let condition = IfNoneMatch::parse(&request("if-none-match", lines)).ok();
        none_match(condition, &EntityTag::new_strong("x".to_string()))
    }

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
        let coding = |h: Option<&str>| e.choose(&accept(h)).0;
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
    fn a_coding_refused_by_name_or_by_star_is_never_sent() {
        let e = page();
        let coding = |h: &str| e.choose(&accept(Some(h))).0;
        assert_eq!(coding("*;q=0"), Coding::Identity);
        assert_eq!(coding("identity;q=0"), Coding::Identity);
        assert_eq!(coding("br;q=0, *"), Coding::Gzip);
        assert_eq!(coding("gzip;q=0, *;q=0.5"), Coding::Brotli);
        assert_eq!(coding("br;q=0.000, gzip;q=0.001"), Coding::Gzip);
        assert_eq!(coding("deflate, zstd"), Coding::Identity);
    }

    #[test]
    fn brotli_is_preferred_whenever_it_is_accepted() {
        let e = page();
        let coding = |h: &str| e.choose(&accept(Some(h))).0;
        assert_eq!(coding("gzip;q=1, br;q=0.5"), Coding::Brotli);
        assert_eq!(coding("gzip, br;q=0.001"), Coding::Brotli);
        assert_eq!(coding("Gzip;Q=0.5"), Coding::Gzip);
    }

    #[test]
    fn every_accept_encoding_line_counts() {
        let e = page();
        let two_lines = request("accept-encoding", &["gzip", "br"]);
        let header = AcceptEncoding::parse(&two_lines).expect("a header");
        assert_eq!(e.choose(&header).0, Coding::Brotli);
    }

    #[test]
    fn if_none_match_compares_tags_weakly() {
        assert!(has_x(&["\"x\""]));
        assert!(has_x(&["W/\"x\""]));
        assert!(has_x(&["\"a\", W/\"x\", \"b\""]));
        assert!(has_x(&["\"a\"", "\"x\""]));
        assert!(has_x(&["*"]));
        assert!(!has_x(&["\"y\""]));
        assert!(!has_x(&["W/\"y\", \"xx\""]));
        // A tag without its quotes is not a tag.
        assert!(!has_x(&["x"]));
        assert!(!has_x(&[]));
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
}
