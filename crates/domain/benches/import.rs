//! Importing a catalogue's extracted text: the fixture written for the project (always), and
//! Familiehuset's real 40-page catalogue (goal: under 20 ms) when the seeds folder has it. The
//! seed is read at run time, so a clone without the folder still builds and benchmarks.

use criterion::{Criterion, criterion_group, criterion_main};
use familiehus_domain::catalogue_import::import_catalogue;
use familiehus_test_support::{fixtures, seeds};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    assert_eq!(import_catalogue(fixtures::CATALOGUE).services.len(), fixtures::CATALOGUE_SERVICES.len());
    c.bench_function("import_fixture_catalogue", |b| b.iter(|| import_catalogue(black_box(fixtures::CATALOGUE))));

    // `seeds::read` says why on stderr when the document is missing.
    if let Some(seed) = seeds::read(seeds::CATALOGUE_2023) {
        assert_eq!(import_catalogue(&seed).services.len(), 17);
        c.bench_function("import_familiehuset_catalogue", |b| b.iter(|| import_catalogue(black_box(&seed))));
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
