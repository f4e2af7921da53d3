//! Importer tests: the real seed catalogue (`seed`), small hand-made catalogues that vary one
//! thing at a time (`variants`), and generated input that must never make it panic (`props`).

mod props;
mod seed;
mod variants;

use super::{FieldKind, ImportResult, ImportedService, WarningKind};

/// Familiehuset's 2023 catalogue as extracted from the PDF (CI has `../shared` beside the repo).
pub(super) const SEED: &str = include_str!("../../../../../../shared/seeds/indsatskatalog-familiehuset-2023.txt");

pub(super) fn by_name<'a>(result: &'a ImportResult, name: &str) -> &'a ImportedService {
    match result.services.iter().find(|s| s.name == name) {
        Some(s) => s,
        None => panic!("no service named {name:?}; names: {:?}", result.services.iter().map(|s| &s.name).collect::<Vec<_>>()),
    }
}

pub(super) fn kinds(result: &ImportResult) -> Vec<WarningKind> {
    result.warnings.iter().map(|w| w.kind).collect()
}

pub(super) fn all_texts(service: &ImportedService) -> impl Iterator<Item = (FieldKind, &str)> {
    FieldKind::ALL.into_iter().map(|k| (k, service.texts.get(k)))
}
