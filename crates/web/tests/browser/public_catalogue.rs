//! The public catalogue: a parent, without logging in, searches "angst", finds the anxiety group
//! Cool Kids, reads its page, and browses the whole printable catalogue.

use crate::harness::Session;

const COOL_KIDS: &str = "Cool Kids - angstgruppebehandling";

#[tokio::test]
async fn a_parent_finds_cool_kids_by_searching_angst() {
    let Some(session) = Session::start().await else { return };

    session.open("/offentlig").await;
    session.wait_for_text("Find hjælp til børn, unge og familier").await;
    session.assert_accessible("Find hjælp (/offentlig)").await;

    session.fill("Søg efter ord", "angst").await;
    session.press("Søg").await;
    // A GET form: the search is in the address, so it can be shared.
    session.wait_for_path("the search results", |path| path.starts_with("/offentlig?") && path.contains("q=angst")).await;
    session.wait_for_text(COOL_KIDS).await;
    session.assert_accessible("the search results for \"angst\"").await;

    session.follow(COOL_KIDS).await;
    session.wait_for_path("Cool Kids' page", |path| path.starts_with("/offentlig/tilbud/")).await;
    let heading = session.heading().await;
    assert_eq!(heading, COOL_KIDS, "the service page's heading");
    let text = session.text().await;
    assert!(text.contains("Sådan får du tilbuddet"), "how to get the service:\n{text}");
    assert!(text.contains("Fakta om tilbuddet"), "the facts:\n{text}");
    session.assert_accessible("the service page of Cool Kids").await;

    session.follow("Hele kataloget").await;
    session.wait_for_path("the catalogue", |path| path == "/offentlig/katalog").await;
    session.wait_for_text("Indsatskatalog").await;
    session.wait_for_text(COOL_KIDS).await;
    session.assert_accessible("the catalogue (/offentlig/katalog)").await;

    session.finish().await;
}
