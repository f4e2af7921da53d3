//! The Danish texts of import warnings, in one place so that wording stays consistent.

use super::{FieldKind, GuessKind, ImportWarning, WarningKind, scan};
use crate::catalogue::AgeRange;

fn warning(line: usize, service: Option<&str>, kind: WarningKind, message_da: String) -> ImportWarning {
    ImportWarning { line, service: service.map(str::to_owned), kind, message_da }
}

fn shown(name: &str) -> String {
    if name.is_empty() { "(uden titel)".to_owned() } else { scan::excerpt(name, 80) }
}

pub(crate) fn missing_field(line: usize, name: &str, kind: FieldKind) -> ImportWarning {
    let msg = format!("Feltet «{}» mangler i beskrivelsen af «{}». Feltet er importeret tomt.", kind.label_da(), shown(name));
    warning(line, Some(name), WarningKind::MissingField(kind), msg)
}

pub(crate) fn empty_field(line: usize, name: &str, kind: FieldKind) -> ImportWarning {
    let msg = format!("Feltet «{}» er tomt i beskrivelsen af «{}».", kind.label_da(), shown(name));
    warning(line, Some(name), WarningKind::MissingField(kind), msg)
}

pub(crate) fn duplicate_field(line: usize, name: &str, kind: FieldKind) -> ImportWarning {
    let msg = format!("Feltet «{}» forekommer flere gange i «{}». Teksterne er lagt sammen; kontrollér dem.", kind.label_da(), shown(name));
    warning(line, Some(name), WarningKind::DuplicateField(kind), msg)
}

pub(crate) fn no_legal_reference(line: usize, name: &str, title: &str) -> ImportWarning {
    let msg = if title.trim().is_empty() {
        "Indsatsbeskrivelsen har ingen titel og dermed ingen lovhenvisning.".to_owned()
    } else {
        format!("Titlen «{}» indeholder ingen lovhenvisning (fx «jf. SEL § 52.3.3»).", scan::excerpt(title, 100))
    };
    warning(line, Some(name), WarningKind::NoLegalReference, msg)
}

pub(crate) fn unparsable_legal_reference(line: usize, name: &str, title: &str) -> ImportWarning {
    let msg = format!("Lovhenvisningen i titlen «{}» kunne ikke læses. Angiv den manuelt.", scan::excerpt(title, 100));
    warning(line, Some(name), WarningKind::UnparsableLegalReference, msg)
}

pub(crate) fn text_before_first_service(line: usize, text: &str) -> ImportWarning {
    let msg = format!("Tekst før den første indsatsbeskrivelse er ikke importeret: «{}».", scan::excerpt(text, 100));
    warning(line, None, WarningKind::TextOutsideEntry, msg)
}

pub(crate) fn text_outside_fields(line: usize, name: &str, text: &str) -> ImportWarning {
    let msg = format!("Tekst i «{}» står uden for felterne og er ikke importeret: «{}».", shown(name), scan::excerpt(text, 100));
    warning(line, Some(name), WarningKind::TextOutsideEntry, msg)
}

pub(crate) fn resolved_from_field_above(line: usize, name: &str, kind: FieldKind, source: FieldKind) -> ImportWarning {
    let msg = format!(
        "«Som ovenfor» i feltet «{}» i «{}» er erstattet med teksten fra feltet «{}» ovenfor. Kontrollér teksten.",
        kind.label_da(),
        shown(name),
        source.label_da()
    );
    warning(line, Some(name), WarningKind::ResolvedSameAsAbove(kind), msg)
}

pub(crate) fn resolved_from_previous_service(line: usize, name: &str, kind: FieldKind, previous: &str) -> ImportWarning {
    let msg =
        format!("«Som ovenfor» i feltet «{}» i «{}» er erstattet med samme felt fra «{}». Kontrollér teksten.", kind.label_da(), shown(name), shown(previous));
    warning(line, Some(name), WarningKind::ResolvedSameAsAbove(kind), msg)
}

pub(crate) fn unresolved_same_as_above(line: usize, name: &str, kind: FieldKind) -> ImportWarning {
    let msg = format!(
        "«Som ovenfor» i feltet «{}» i «{}» henviser ikke til nogen tekst ovenfor. Teksten er bevaret som skrevet; udfyld feltet.",
        kind.label_da(),
        shown(name)
    );
    warning(line, Some(name), WarningKind::SameAsAbove(kind), msg)
}

pub(crate) fn approval_without_date(line: usize, service: Option<&str>, text: &str) -> ImportWarning {
    let msg = format!(
        "Godkendelseslinjen «{}» har ingen dato (den ligner en skabelon, der ikke er udfyldt). Der gemmes ingen godkendelse ud fra den; angiv godkendelsen på indsatsen.",
        scan::excerpt(text, 100)
    );
    warning(line, service, WarningKind::ApprovalWithoutDate, msg)
}

pub(crate) fn guessed_anonymous(line: usize, name: &str, word: &str) -> ImportWarning {
    let msg = format!("«{}» er foreslået som anonymt tilbud (ingen navn eller CPR-nummer), fordi teksten siger «{word}». Kontrollér adgangen.", shown(name));
    warning(line, Some(name), WarningKind::Guessed(GuessKind::AnonymousAccess), msg)
}

pub(crate) fn guessed_group(line: usize, name: &str, evidence: &str) -> ImportWarning {
    let msg = format!("«{}» er foreslået som gruppeforløb, fordi teksten siger «{evidence}». Kontrollér, om tilbuddet gives i grupper.", shown(name));
    warning(line, Some(name), WarningKind::Guessed(GuessKind::GroupDelivery), msg)
}

pub(crate) fn guessed_age(line: usize, name: &str, range: AgeRange) -> ImportWarning {
    let msg = format!("«{}» er foreslået til alderen {}–{} år ud fra teksten. Kontrollér aldersgrænsen.", shown(name), range.min_years, range.max_years);
    warning(line, Some(name), WarningKind::Guessed(GuessKind::AgeRange), msg)
}

pub(crate) fn no_services() -> ImportWarning {
    let msg =
        "Der blev ikke fundet nogen indsatsbeskrivelser. En beskrivelse skal have en titel efterfulgt af felter som «Målgruppe» og «Kvalitetsmål».".to_owned();
    warning(1, None, WarningKind::NoServicesFound, msg)
}
