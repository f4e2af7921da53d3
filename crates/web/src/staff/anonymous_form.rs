//! The anonymous counselling talk's form, shared by logging a talk (`/anonym`) and the
//! counsellor's same-day correction (`/anonym/{id}/ret`): its fields (closed choices, the day,
//! minutes; for a new talk the course number the citizen quotes and the confirmation past the
//! limit) and reading them into `domain::anonymous` types, every problem at its field.

use super::fields::{Choice, Field, Group, Kind, optional_number};
use super::layout::FormErrors;
use familiehus_app::AppError;
use familiehus_domain::anonymous::{AgeBand, AnonymousContact, Channel, Seeker, Topic};
use familiehus_domain::anonymous_course::{CourseNumber, Guidance, GuidedOnward};
use familiehus_domain::danish;
use familiehus_store::{StoredService, StoredTalk};
use serde::Deserialize;

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ContactForm {
    pub service_id: String,
    pub course_number: String,
    pub confirm_beyond_limit: String,
    pub occurred_on: String,
    pub channel: String,
    pub seeker: String,
    pub age_band: String,
    pub topic: String,
    pub minutes: String,
    pub guided_onward: String,
    pub guided_service_id: String,
}

impl ContactForm {
    /// A stored talk as the correction form shows it.
    pub fn from_talk(talk: &StoredTalk) -> Self {
        let c = &talk.contact;
        ContactForm {
            service_id: c.service_id.to_string(),
            occurred_on: danish::date(c.occurred_on),
            channel: c.channel.code().into(),
            seeker: c.seeker.code().into(),
            age_band: c.age_band.code().into(),
            topic: c.topic.code().into(),
            minutes: c.minutes.to_string(),
            guided_onward: c.guidance.onward.code().into(),
            guided_service_id: c.guidance.service_id.map(|id| id.to_string()).unwrap_or_default(),
            ..Default::default()
        }
    }
}

fn codes<T: Copy>(all: &[T], code: fn(T) -> &'static str, label: fn(T) -> &'static str, current: &str) -> Vec<Choice> {
    Choice::list(std::iter::once((String::new(), "Vælg".to_owned())).chain(all.iter().map(|v| (code(*v).to_owned(), label(*v).to_owned()))), current)
}

/// Whether the form is for a new talk (with its course) or a correction (course and service
/// stay as they were).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    NewTalk,
    Correction,
}

/// The form's fieldsets.
pub fn groups(form: &ContactForm, errors: &FormErrors, services: &[StoredService], onward: &[StoredService], purpose: Purpose) -> Vec<Group> {
    let mut groups = Vec::new();
    if purpose == Purpose::NewTalk {
        let service_choices = Choice::list(
            std::iter::once((String::new(), "Vælg tilbud".to_owned()))
                .chain(services.iter().map(|s| (s.id.to_string(), format!("{} ({})", s.service.name, s.unit_name)))),
            &form.service_id,
        );
        let mut course = Field::new("course_number", "Forløbsnummer, hvis borgeren har et", &form.course_number, Kind::Text, errors);
        course.hint = "Tomt ved første samtale: så får borgeren et nyt nummer (fx A-7K3Q-92) at oplyse næste gang. Skriv aldrig navn eller CPR-nummer her.";
        let mut confirm = Field::new(
            "confirm_beyond_limit",
            "Jeg har vurderet, at flere samtaler end grænsen er nødvendige",
            "",
            Kind::Checkbox { checked: form.confirm_beyond_limit == "ja" },
            errors,
        );
        confirm.hint = LIMIT_HINT;
        groups.push(Group {
            legend: "Tilbud og forløb",
            fields: vec![Field::new("service_id", "Tilbud", &form.service_id, Kind::Select(service_choices), errors), course, confirm],
        });
    }
    groups.push(Group {
        legend: "Samtalen",
        fields: vec![
            Field::new("occurred_on", "Dato", &form.occurred_on, Kind::Date, errors),
            Field::new("channel", "Kontaktform", &form.channel, Kind::Select(codes(Channel::ALL, Channel::code, Channel::label_da, &form.channel)), errors),
            Field::new("seeker", "Hvem henvendte sig", &form.seeker, Kind::Select(codes(Seeker::ALL, Seeker::code, Seeker::label_da, &form.seeker)), errors),
            Field::new(
                "age_band",
                "Barnets eller den unges alder",
                &form.age_band,
                Kind::Select(codes(AgeBand::ALL, AgeBand::code, AgeBand::label_da, &form.age_band)),
                errors,
            ),
            Field::new("topic", "Emne", &form.topic, Kind::Select(codes(Topic::ALL, Topic::code, Topic::label_da, &form.topic)), errors),
            Field::new("minutes", "Varighed (minutter)", &form.minutes, Kind::Number, errors),
        ],
    });
    let guided = if form.guided_onward.is_empty() { GuidedOnward::NotGuided.code() } else { form.guided_onward.as_str() };
    let onward_choices = Choice::list(GuidedOnward::ALL.iter().map(|g| (g.code().to_owned(), g.label_da().to_owned())), guided);
    let service_choices = Choice::list(
        std::iter::once((String::new(), "Intet tilbud valgt".to_owned()))
            .chain(onward.iter().map(|s| (s.id.to_string(), format!("{} ({})", s.service.name, s.unit_name)))),
        &form.guided_service_id,
    );
    let mut to_service = Field::new("guided_service_id", "Hvilket tilbud i kataloget", &form.guided_service_id, Kind::Select(service_choices), errors);
    to_service.hint = "Kun når samtalen guidede videre til et tilbud i kataloget.";
    groups.push(Group {
        legend: "Guidet videre",
        fields: vec![Field::new("guided_onward", "Blev borgeren guidet videre?", guided, Kind::Select(onward_choices), errors), to_service],
    });
    groups
}

const LIMIT_HINT: &str =
    "Et forløb har højst 3 samtaler, unge 18–25 år højst 5. Sæt kun kryds, når grænsen er nået, og du har vurderet, at flere samtaler er nødvendige.";

/// A talk read from the form: the contact, the quoted course (for a new talk) and the
/// confirmation past the limit.
pub struct ReadTalk {
    pub contact: AnonymousContact,
    pub course: Option<CourseNumber>,
    pub confirm_beyond_limit: bool,
}

/// Reads the form; every problem at its field.
pub fn read(form: &ContactForm) -> Result<ReadTalk, FormErrors> {
    let mut errors = FormErrors::default();
    let service_id = form.service_id.parse::<i64>().ok();
    if service_id.is_none() {
        errors.add("service_id", "Vælg et anonymt tilbud.");
    }
    let course = match form.course_number.trim() {
        "" => None,
        text => CourseNumber::parse(text, "course_number").map_err(|e| errors.add("course_number", e.message_da)).ok(),
    };
    let occurred_on = super::fields::date(&form.occurred_on, "occurred_on", &mut errors);
    let mut choice = |field: &'static str, found: bool, message: &str| {
        if !found {
            errors.add(field, message);
        }
    };
    let channel = Channel::from_code(&form.channel);
    choice("channel", channel.is_some(), "Vælg kontaktform.");
    let seeker = Seeker::from_code(&form.seeker);
    choice("seeker", seeker.is_some(), "Vælg hvem der henvendte sig.");
    let age_band = AgeBand::from_code(&form.age_band);
    choice("age_band", age_band.is_some(), "Vælg en alder, eller Ukendt.");
    let topic = Topic::from_code(&form.topic);
    choice("topic", topic.is_some(), "Vælg et emne.");
    let onward = if form.guided_onward.is_empty() { Some(GuidedOnward::NotGuided) } else { GuidedOnward::from_code(&form.guided_onward) };
    choice("guided_onward", onward.is_some(), "Vælg, om borgeren blev guidet videre.");
    let guided_service_id = match form.guided_service_id.trim() {
        "" => None,
        text => {
            let id = text.parse::<i64>().ok();
            if id.is_none() {
                errors.add("guided_service_id", "Vælg et tilbud fra listen.");
            }
            id
        }
    };
    let minutes = optional_number::<u16>(&form.minutes, "minutes", "Varigheden", &mut errors);
    if minutes.is_none() && errors.get("minutes").is_none() {
        errors.add("minutes", "Skriv hvor mange minutter samtalen varede.");
    }
    match (service_id, occurred_on, channel, seeker, age_band, topic, minutes, onward) {
        (Some(service_id), Some(occurred_on), Some(channel), Some(seeker), Some(age_band), Some(topic), Some(minutes), Some(onward)) if errors.is_empty() => {
            Ok(ReadTalk {
                contact: AnonymousContact {
                    service_id,
                    occurred_on,
                    channel,
                    seeker,
                    age_band,
                    topic,
                    minutes,
                    guidance: Guidance { onward, service_id: guided_service_id },
                },
                course,
                confirm_beyond_limit: form.confirm_beyond_limit == "ja",
            })
        }
        _ => Err(errors),
    }
}

/// The use case's refusals at the form's fields; errors that are not the input's pass through.
pub fn errors_of(err: AppError) -> Result<FormErrors, AppError> {
    match err {
        AppError::Invalid(list) => {
            let mut errors = FormErrors::default();
            for f in list.0 {
                let field = match f.field {
                    "occurred_on" | "minutes" | "course_number" | "confirm_beyond_limit" | "guided_service_id" | "guided_onward" => f.field,
                    _ => "service_id",
                };
                errors.add(field, f.message_da);
            }
            Ok(errors)
        }
        other => Err(other),
    }
}

/// "Samtale 2 af højst 3" for the limit line.
pub fn limit_line(talk_number: u16, limit: u16) -> String {
    if talk_number > limit {
        format!("Samtale {talk_number}: {} over grænsen på {limit}", talk_number - limit)
    } else {
        format!("Samtale {talk_number} af højst {limit}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use familiehus_domain::anonymous_course::{TALK_LIMIT, YOUNG_ADULT_TALK_LIMIT};

    #[test]
    fn the_limit_hint_names_the_domain_limits() {
        assert!(LIMIT_HINT.contains(&format!("højst {TALK_LIMIT}")));
        assert!(LIMIT_HINT.contains(&format!("højst {YOUNG_ADULT_TALK_LIMIT}")));
    }

    #[test]
    fn a_name_in_the_course_field_is_refused_at_the_field() {
        let form = ContactForm { course_number: "Anna Hansen".into(), ..Default::default() };
        let Err(errors) = read(&form) else { panic!("an empty form must be refused") };
        assert!(errors.get("course_number").is_some_and(|m| m.contains("A-7K3Q-92")));
    }
}
