"""Demo content for events: the Biobanks & Collections Day next spring (plenary programme and two
parallel workshop tracks, 150 seats) and a few webinars, past and future.

Idempotent: events are found by slug under /events/ and only created when missing. Dates are
relative to today, so the demo always has upcoming and past events.
"""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from community.models import Person, Topic
from events import services
from events.demo_data import DAY_PROGRAMME, DAY_QUESTIONS, DEMO_ATTENDEES, SPEAKERS
from events.models import (
    DEFAULT_TIME_ZONE,
    EventFormat,
    EventIndexPage,
    EventPage,
    EventQuestion,
    EventSession,
    QuestionOption,
    Registration,
    RegistrationStatus,
)
from events.permissions import grant_organiser_permissions
from home.demo import ensure_child, heading, paragraph
from home.models import HomePage
from hub.translated_snippets import source_snippets


def _zone():
    import zoneinfo

    return zoneinfo.ZoneInfo(DEFAULT_TIME_ZONE)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)), _zone())


def next_spring_day(today: date) -> date:
    """The second Thursday of April of next spring (this year's if April is still ahead)."""
    year = today.year if today.month < 3 else today.year + 1
    first = date(year, 4, 1)
    first_thursday = first + timedelta(days=(3 - first.weekday()) % 7)
    return first_thursday + timedelta(days=7)


def _person(name, role, organisation):
    return source_snippets(Person.objects.all()).get_or_create(
        name=name, defaults={"role": role, "organisation": organisation}
    )[0]


def _topics(*slugs):
    return list(Topic.objects.filter(slug__in=slugs))


def _session(start, end, title, *, room="", track="", description="", speakers=()):
    return EventSession(
        start_time=time(*start),
        end_time=time(*end) if end else None,
        title=title,
        room=room,
        track=track,
        description=description,
        speakers=list(speakers),
    )


def _day_programme(people):
    known = {
        "coordinator": source_snippets(Person.objects.filter(name="Community coordinator")).first(),
        "director": source_snippets(Person.objects.filter(name="National node director")).first(),
        **dict(enumerate(people)),
    }
    return [
        _session(
            start,
            end,
            title,
            room=room,
            track=track,
            description=description,
            speakers=[known[key] for key in speakers if known[key]],
        )
        for start, end, title, room, track, description, speakers in DAY_PROGRAMME
    ]


@transaction.atomic
def load(stdout=None):
    home = HomePage.objects.get(locale__language_code="en")
    index = ensure_child(
        home,
        EventIndexPage,
        "events",
        title="Events",
        show_in_menus=True,
        intro="Meetings, workshops and webinars of the biobank community, first among them the "
        "annual Biobanks & Collections Day. Register online; members' details are filled "
        "in for them.",
    )
    grant_organiser_permissions(index)
    people = [_person(*spec) for spec in SPEAKERS]
    coordinator = source_snippets(Person.objects.filter(name="Community coordinator")).first()
    organisers = [coordinator] if coordinator else []
    today = timezone.localdate()

    # --- Biobanks & Collections Day.
    day = next_spring_day(today)
    slug = f"biobanks-collections-day-{day.year}"
    created = []
    if not index.get_children().filter(slug=slug).exists():
        event = ensure_child(
            index,
            EventPage,
            slug,
            title=f"Biobanks & Collections Day {day.year}",
            summary="The annual meeting of everyone who works with human biomaterials and "
            "their data: a plenary programme, two parallel workshop tracks and plenty "
            "of time to meet peers.",
            start=_at(day, 9, 0),
            end=_at(day, 17, 0),
            time_zone=DEFAULT_TIME_ZONE,
            format=EventFormat.ON_SITE,
            venue_name="Central Congress Centre",
            venue_address="Stationsplein 10\n3511 ED Utrecht",
            body=[
                heading("About the day"),
                paragraph(
                    "<p>Once a year the community meets in person. Biobank managers, "
                    "researchers, data stewards, policymakers, funders, companies and "
                    "patient representatives exchange what works, in a plenary "
                    "programme and in two parallel workshop tracks.</p>"
                    "<p>Choose one workshop in the morning and one in the afternoon when "
                    "you register. Each workshop has 75 places.</p>"
                ),
                heading("Who should come"),
                paragraph(
                    "<ul><li>Biobank and collection managers and staff</li>"
                    "<li>Researchers who use or want to use samples and data</li>"
                    "<li>Data stewards and IT staff</li>"
                    "<li>Policymakers, funders and patient representatives</li></ul>"
                ),
            ],
            contact_email="community@biobank-hub.example",
            capacity=150,
            waiting_list_enabled=True,
            registration_enabled=True,
            registration_closes_at=_at(day - timedelta(days=7), 23, 59),
            sessions=_day_programme(people),
            questions=[
                EventQuestion(
                    label=label,
                    kind=kind,
                    required=required,
                    help_text=help_text,
                    options=[QuestionOption(name=name, places=places) for name, places in options],
                )
                for label, kind, required, options, help_text in DAY_QUESTIONS
            ],
            topics=_topics("quality", "access-procedures", "linking-data", "image-and-reputation"),
            organisers=organisers,
        )
        created.append(event)
        _register_demo_attendees(event)

    # --- Webinars: two past, two to come (one not open for registration yet).
    webinars = [
        (
            "webinar-fair-catalogues",
            "Webinar: FAIR data and your biobank catalogue",
            "How to describe a collection so that researchers find it, and how the national "
            "catalogue links to the BBMRI-ERIC Directory.",
            today - timedelta(days=42),
            EventFormat.ONLINE,
            100,
            ("findability", "linking-data"),
            {},
        ),
        (
            "webinar-pre-analytics",
            "Webinar: pre-analytical variables in practice",
            "Which pre-analytical data to record with every sample, and the tools that help.",
            today - timedelta(days=120),
            EventFormat.ONLINE,
            100,
            ("quality",),
            {},
        ),
        (
            "webinar-access-requests",
            "Webinar: writing an access request that gets approved",
            "What review committees look for, with examples of requests that went through "
            "quickly, and the common reasons for delay.",
            today + timedelta(days=21),
            EventFormat.ONLINE,
            200,
            ("access-procedures",),
            {},
        ),
        (
            "public-private-partnerships-meeting",
            "Meeting: public-private partnerships for biobanks",
            "Biobanks and companies on what makes a partnership work: contracts, benefit "
            "sharing and the expectations of donors.",
            today + timedelta(days=60),
            EventFormat.HYBRID,
            40,
            ("public-private-cooperation", "financing"),
            {
                "registration_opens_at": _at(today + timedelta(days=7), 9, 0),
                "venue_name": "Regional biobank, meeting room 3",
                "venue_address": "Heidelberglaan 100\n3584 CX Utrecht",
            },
        ),
    ]
    for slug, title, summary, when, fmt, capacity, topic_slugs, extra in webinars:
        if index.get_children().filter(slug=slug).exists():
            continue
        when = when + timedelta(days=(1 - when.weekday()) % 7)  # webinars are on Tuesdays
        event = ensure_child(
            index,
            EventPage,
            slug,
            title=title,
            summary=summary,
            start=_at(when, 14, 0),
            end=_at(when, 15, 30),
            time_zone=DEFAULT_TIME_ZONE,
            format=fmt,
            capacity=capacity,
            online_url="https://meet.example.org/biobank-community-webinar",
            body=[
                paragraph(
                    f"<p>{summary}</p><p>The session is recorded; the recording is "
                    "shared with everyone registered.</p>"
                )
            ],
            contact_email="community@biobank-hub.example",
            sessions=[
                _session((14, 0), (14, 5), "Welcome"),
                _session((14, 5), (15, 0), "Presentation", speakers=[people[5]]),
                _session((15, 0), (15, 30), "Questions and discussion"),
            ],
            topics=_topics(*topic_slugs),
            organisers=organisers,
            **extra,
        )
        created.append(event)
        if when < today:
            _past_attendance(event)
    if stdout:
        stdout.write(
            f"Events: {EventPage.objects.count()} events "
            f"({len(created)} new), {Registration.objects.count()} registrations."
        )
    return index


def _register_demo_attendees(event):
    questions = {q.label: q for q in event.questions.all()}
    morning, afternoon = questions["Morning workshop"], questions["Afternoon workshop"]
    involved = questions["How are you involved?"]
    morning_options = [name for name, _places in morning.option_list()]
    afternoon_options = [name for name, _places in afternoon.option_list()]
    roles = [name for name, _places in involved.option_list()]
    for number, (name, organisation) in enumerate(DEMO_ATTENDEES):
        email = name.lower().replace(" ", ".") + "@example.org"
        services.register(
            event,
            name=name,
            email=email,
            organisation=organisation,
            notify=False,
            answers={
                involved.key: roles[number % len(roles)],
                morning.key: morning_options[number % 2],
                afternoon.key: afternoon_options[(number // 2) % 2],
            },
            consent_text="Demo registration",
        )


def _past_attendance(event):
    """A past webinar's registrations, as if it had run (the service refuses past events)."""
    for number, (name, organisation) in enumerate(DEMO_ATTENDEES[:8]):
        created = event.start - timedelta(days=20 - number)
        Registration.objects.create(
            event=event,
            name=name,
            organisation=organisation,
            email=name.lower().replace(" ", ".") + "@example.org",
            status=RegistrationStatus.CANCELLED if number == 7 else RegistrationStatus.CONFIRMED,
            created_at=created,
            confirmed_at=created,
            consented_at=created,
            consent_text="Demo registration",
            checked_in_at=event.start if number % 3 else None,
        )
