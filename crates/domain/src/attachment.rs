//! Attachments on a case (a signed consent, a decision letter): which files are taken — PDF,
//! PNG and JPEG, recognised from the file's own first bytes, never from its name or the
//! browser's content type — the size limit, the title and the kind. A file that is none of the
//! three (a Word document renamed `.pdf`, an executable) is refused, as is one over the limit.

use crate::validation::{FieldError, ValidationErrors};
use serde::Serialize;

/// At most 10 MB: a scanned letter of a few pages, not a video.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;
pub const MAX_TITLE_CHARS: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AttachmentKind {
    SignedConsent,
    DecisionLetter,
    Other,
}

crate::catalogue::codes!(AttachmentKind {
    SignedConsent => "signed_consent", "Underskrevet samtykke";
    DecisionLetter => "decision_letter", "Afgørelsesbrev";
    Other => "other", "Andet";
});

/// The file types taken, as detected from their bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileType {
    Pdf,
    Png,
    Jpeg,
}

crate::catalogue::codes!(FileType {
    Pdf => "pdf", "PDF";
    Png => "png", "PNG-billede";
    Jpeg => "jpeg", "JPEG-billede";
});

impl FileType {
    /// The type by its magic number: `%PDF-` (ISO 32000 lets a few bytes of junk precede it,
    /// which readers accept, so the first 1024 bytes are searched), PNG's eight-byte signature,
    /// JPEG's start-of-image marker followed by a marker.
    pub fn detect(bytes: &[u8]) -> Option<FileType> {
        const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";
        if bytes.starts_with(PNG) {
            Some(FileType::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(FileType::Jpeg)
        } else if bytes[..bytes.len().min(1024)].windows(5).any(|w| w == b"%PDF-") {
            Some(FileType::Pdf)
        } else {
            None
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            FileType::Pdf => "application/pdf",
            FileType::Png => "image/png",
            FileType::Jpeg => "image/jpeg",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            FileType::Pdf => "pdf",
            FileType::Png => "png",
            FileType::Jpeg => "jpg",
        }
    }
}

/// An upload as received, before any check.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AttachmentDraft {
    pub title: String,
    pub kind: String,
    /// The file's bytes; empty when none was chosen.
    pub bytes: Vec<u8>,
    /// The upload was cut off at the limit (the web layer stops reading there).
    pub over_limit: bool,
}

/// A checked attachment: the file, its detected type, title and kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub title: String,
    pub kind: AttachmentKind,
    pub file_type: FileType,
    pub bytes: Vec<u8>,
}

/// "2,4 MB", "830 kB": a size as the page shows it.
pub fn size_text(bytes: usize) -> String {
    if bytes >= 1024 * 1024 {
        let tenths = (bytes * 10 + 512 * 1024) / (1024 * 1024);
        format!("{},{} MB", tenths / 10, tenths % 10)
    } else {
        format!("{} kB", bytes.div_ceil(1024))
    }
}

impl AttachmentDraft {
    /// Every field at once, each problem at its field.
    pub fn check(self) -> Result<Attachment, ValidationErrors> {
        let mut errors = Vec::new();
        let title = self.title.split_whitespace().collect::<Vec<_>>().join(" ");
        if title.is_empty() {
            errors.push(FieldError::new("title", "Skriv en titel på bilaget, fx »Samtykke til samarbejde med skolen«.", "title is missing"));
        } else if title.chars().count() > MAX_TITLE_CHARS {
            errors.push(FieldError::new("title", format!("Titlen må højst være {MAX_TITLE_CHARS} tegn."), "title too long"));
        }
        let kind = AttachmentKind::from_code(self.kind.trim());
        if kind.is_none() {
            errors.push(FieldError::new("kind", "Vælg bilagets art.", "unknown attachment kind"));
        }
        let file_type = if self.over_limit || self.bytes.len() > MAX_BYTES {
            errors.push(FieldError::new("file", "Filen er større end 10 MB. Vælg en mindre fil, fx en scanning i lavere opløsning.", "file over 10 MB"));
            None
        } else if self.bytes.is_empty() {
            errors.push(FieldError::new("file", "Vælg en fil (PDF, PNG eller JPEG).", "no file"));
            None
        } else {
            let detected = FileType::detect(&self.bytes);
            if detected.is_none() {
                errors.push(FieldError::new(
                    "file",
                    "Filen er hverken en PDF, et PNG- eller et JPEG-billede. Gem den som PDF, og prøv igen.",
                    "not a PDF, PNG or JPEG file",
                ));
            }
            detected
        };
        ValidationErrors::check(errors)?;
        match (kind, file_type) {
            (Some(kind), Some(file_type)) => Ok(Attachment { title, kind, file_type, bytes: self.bytes }),
            _ => Err(ValidationErrors(vec![FieldError::new("file", "Bilaget kunne ikke læses.", "attachment unreadable")])),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const PDF: &[u8] = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n";

    fn draft(bytes: &[u8]) -> AttachmentDraft {
        AttachmentDraft { title: "Samtykke".into(), kind: "signed_consent".into(), bytes: bytes.to_vec(), over_limit: false }
    }

    fn fields(e: ValidationErrors) -> Vec<&'static str> {
        e.0.iter().map(|f| f.field).collect()
    }

    #[test]
    fn the_three_types_are_recognised_by_their_bytes() {
        assert_eq!(FileType::detect(PDF), Some(FileType::Pdf));
        assert_eq!(FileType::detect(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Some(FileType::Png));
        assert_eq!(FileType::detect(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F']), Some(FileType::Jpeg));
        // A Word document (a zip), a Windows program and plain text are none of them, whatever
        // they are called.
        assert_eq!(FileType::detect(b"PK\x03\x04\x14\0\x06\0"), None);
        assert_eq!(FileType::detect(b"MZ\x90\0\x03\0\0\0"), None);
        assert_eq!(FileType::detect(b"Hej, dette er ikke en PDF"), None);
        assert_eq!(FileType::detect(b"\x89PNG"), None, "a cut signature");
    }

    #[test]
    fn a_pdf_is_taken_with_its_title_and_kind() {
        let a = draft(PDF).check().expect("valid");
        assert_eq!((a.file_type, a.kind, a.title.as_str()), (FileType::Pdf, AttachmentKind::SignedConsent, "Samtykke"));
    }

    #[test]
    fn wrong_type_oversize_and_missing_fields_are_refused_at_their_fields() {
        assert_eq!(fields(draft(b"PK\x03\x04").check().expect_err("zip")), ["file"]);
        let mut big = PDF.to_vec();
        big.resize(MAX_BYTES + 1, b' ');
        assert_eq!(fields(draft(&big).check().expect_err("big")), ["file"]);
        let mut exact = PDF.to_vec();
        exact.resize(MAX_BYTES, b' ');
        assert!(draft(&exact).check().is_ok(), "10 MB exactly is taken");
        let cut = AttachmentDraft { over_limit: true, ..draft(PDF) };
        assert_eq!(fields(cut.check().expect_err("cut")), ["file"]);
        let empty = AttachmentDraft { title: " ".into(), kind: "brev".into(), ..draft(b"") };
        assert_eq!(fields(empty.check().expect_err("empty")), ["title", "kind", "file"]);
    }

    #[test]
    fn sizes_read_as_danish_numbers() {
        assert_eq!(size_text(830 * 1024), "830 kB");
        assert_eq!(size_text(2_516_582), "2,4 MB");
        assert_eq!(size_text(1), "1 kB");
    }

    proptest! {
        #[test]
        fn bytes_without_a_known_signature_are_never_taken(mut bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
            // Break every signature the detector knows.
            if let Some(b) = bytes.first_mut() && (*b == 0x89 || *b == 0xFF) { *b = 0; }
            let text = bytes.windows(5).any(|w| w == b"%PDF-");
            prop_assume!(!text);
            prop_assert_eq!(FileType::detect(&bytes), None);
        }

        #[test]
        fn a_known_signature_is_taken_whatever_follows(tail in proptest::collection::vec(any::<u8>(), 0..512)) {
            let mut bytes = PDF.to_vec();
            bytes.extend(tail);
            prop_assert_eq!(FileType::detect(&bytes), Some(FileType::Pdf));
        }
    }
}
