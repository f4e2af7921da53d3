//! Importing Familiehuset's 40-page catalogue text (goal: under 20 ms).

use criterion::{Criterion, criterion_group, criterion_main};
use familiehus_domain::catalogue_import::import_catalogue;
use std::hint::black_box;

const SEED: &str = include_str!("../../../../shared/seeds/indsatskatalog-familiehuset-2023.txt");

fn bench(c: &mut Criterion) {
    assert_eq!(import_catalogue(SEED).services.len(), 17);
    c.bench_function("import_familiehuset_catalogue", |b| b.iter(|| import_catalogue(black_box(SEED))));
}

criterion_group!(benches, bench);
criterion_main!(benches);
