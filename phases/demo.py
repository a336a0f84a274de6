"""The demo region, its users and projects (`manage.py seed_demo`).

The finished project is taken through every phase with the real services and rules:
before each advance, the core fills the phase's tasks and document results and every
app's registered demo step fills what that app's rules need. So the demo also proves
that the whole chain of phases can be walked.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from . import services
from .catalogue import sync_catalogue
from .models import ChecklistAnswer, ProjectTask, PromiseProject, Region, ResultDefinition
from .phase_numbers import PREPARATION_PHASE
from .region_terms import in_region_words
from .registry import registry
from .roles import Role
from .scoping import across_regions
from .translated import set_texts

User = get_user_model()

DEMO_PASSWORD = "demo-palvelulupaus-2027"
DEMO_REGION = "esimerkki"
OTHER_REGION = "toinenalue"

DEMO_USERS = [
    # username, first, last, role
    ("alueadmin", "Aino", "Aaltonen", Role.REGION_ADMIN),
    ("valmistelija", "Veera", "Virtanen", Role.PREPARER),
    ("tyoryhma", "Tuomas", "Törmä", Role.WORKING_GROUP),
    ("sihteeri", "Sanna", "Sjöberg", Role.SECRETARY),
    ("katselija", "Kalle", "Korhonen", Role.VIEWER),
]
OTHER_USER = ("toinen", "Olli", "Ojala", Role.PREPARER)

# The THL Sotkanet region of each demo region (recorded answers in
# tests/indicators/data/sotkanet/), and two more regions whose promises are in force, so the
# national view compares three. Their users: "<slug>-<username>" (same password).
DEMO_SOTKANET = {
    "esimerkki": (
        976,
        "HYVINVOINTIALUE",
        {
            "fi": "Länsi-Uudenmaan hyvinvointialue",
            "sv": "Västra Nylands välfärdsområde",
            "en": "Wellbeing services county of Western Uusimaa",
        },
    )
}
NATIONAL_REGIONS = [
    # slug, name, THL Sotkanet region, kind of organiser, languages
    (
        "jarviseutu",
        {
            "fi": "Järviseudun hyvinvointialue",
            "sv": "Sjöbygdens välfärdsområde",
            "en": "Lakeland Wellbeing Services County",
        },
        (
            974,
            "HYVINVOINTIALUE",
            {
                "fi": "Pohjois-Savon hyvinvointialue",
                "sv": "Norra Savolax välfärdsområde",
                "en": "Wellbeing services county of North Savo",
            },
        ),
        Region.Kind.COUNTY,
        Region.Languages.BILINGUAL_FI,
    ),
    # A bilingual, Swedish-majority city that organises its own services: its council is
    # the stadsfullmäktige, its strategy the stadsstrategi (phases/region_terms.py).
    (
        "rannikko",
        {
            "fi": "Rannikkokaupunki",
            "sv": "Kuststaden",
            "en": "Coast City",
        },
        (833, "KUNTA", {"fi": "Helsinki", "sv": "Helsingfors", "en": "Helsinki"}),
        Region.Kind.CITY,
        Region.Languages.BILINGUAL_SV,
    ),
]

RESULT_TEXTS = {
    "project_plan": (
        "Projektisuunnitelma: palvelulupaus valmistellaan hyvinvointialueen strategian ja "
        "palvelustrategian pohjalta. Ohjausryhmänä toimii aluehallitus, "
        "valmisteluryhmässä ovat järjestämisen, talouden, viestinnän ja osallisuuden "
        "asiantuntijat. Osallisuussuunnitelma: asukaskysely verkossa, kolme asukastyöpajaa "
        "(yksi ruotsiksi), vanhus-, nuoriso- ja vammaisneuvoston kuulemiset sekä "
        "henkilöstön intrakysely.\n\n"
        "Projektplan: servicelöftet bereds utgående från välfärdsområdets strategi och "
        "servicestrategi. Delaktighetsplanen omfattar en webbenkät, tre invånarverkstäder "
        "(en på svenska) samt hörande av äldre-, ungdoms- och funktionshinderråden."
    ),
    "constraints_summary": (
        "Reunaehdot: laki sosiaali- ja terveydenhuollon järjestämisestä, "
        "hyvinvointialuestrategia 2026–2029, palvelustrategia ja talousarvion raamit. "
        "Valtakunnalliset tavoitteet: hoitoon pääsyn nopeuttaminen ja sähköisten palvelujen "
        "lisääminen. Sammanfattning: ramarna är lagen, strategin, servicestrategin och "
        "budgetramen."
    ),
    "implementation_plan": (
        "Toimeenpano vaiheistetaan kolmeen vuoteen; jokaisella sitoumuksella on vastuuhenkilö "
        "ja se kytketään tulosalueiden tuloskortteihin. Genomförandet fasas in under tre år."
    ),
    "provider_contracts": (
        "Palvelulupauksen sitoumukset on kirjattu ostopalvelu- ja palvelusetelisopimusten "
        "laatuliitteeseen vuodesta 2027 alkaen."
    ),
    "evaluation_report": (
        "Arviointiraportti 2027: kolme viidestä avainmittarista on tavoitteessa; "
        "digitaalisten kanavien vastausaika on parantunut, mutta kotihoidon jatkuvuudessa "
        "on vielä tehtävää."
    ),
}


def ensure_user(username, first, last, *, staff=False) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "email": f"{username}@esimerkki.invalid",
            "is_staff": staff,
            "is_superuser": staff,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def complete_core(project: PromiseProject, phase: int, by) -> None:
    """Mark the phase's tasks done, answer its checklists and write its document results."""
    for task in ProjectTask.objects.filter(project=project, definition__phase__number=phase):
        if not task.is_settled:
            services.task_update(task=task, by=by, status=ProjectTask.Status.DONE, notes="")
    ChecklistAnswer.objects.filter(
        project=project, statement__checklist__phase__number=phase, answer=""
    ).update(answer=ChecklistAnswer.Answer.YES)
    for definition in ResultDefinition.objects.filter(phase__number=phase):
        if definition.provided_by and definition.provided_by in registry.result_providers:
            continue
        text = RESULT_TEXTS.get(definition.key) or f"{definition.name_fi}: valmis."
        for language in ("fi", "sv"):  # the demo's results mix both languages
            text = in_region_words(text, project.region.kind, language)
        services.result_save(project=project, definition=definition, by=by, text=text)


def walk_to(project: PromiseProject, target_phase: int, users: dict) -> PromiseProject:
    preparer = users[Role.PREPARER]
    while project.phase < target_phase:
        complete_core(project, project.phase, preparer)
        for step in registry.demo_steps:
            step.prepare(project, project.phase, users)
        project = services.project_advance(
            project=project, by=preparer, expected_phase=project.phase, comment=""
        )
    for step in registry.demo_steps:
        step.prepare(project, project.phase, users)
    return project


@transaction.atomic
@across_regions  # the demo seeds several regions
def seed_demo(stdout=None) -> dict:
    sync_catalogue()
    region = Region.objects.filter(slug=DEMO_REGION).first()
    if region is None:
        region = services.region_create(
            slug=DEMO_REGION,
            name={"fi": "Esimerkkialue", "sv": "Exempelområdet", "en": "Example Region"},
        )
    users = {}
    for username, first, last, role in DEMO_USERS:
        user = ensure_user(username, first, last)
        services.region_set_member(region=region, user=user, role=role)
        users[role] = user
    ensure_user("admin", "Ylläpito", "Admin", staff=True)

    other = Region.objects.filter(slug=OTHER_REGION).first()
    if other is None:
        other = services.region_create(
            slug=OTHER_REGION,
            name={"fi": "Toinen alue", "sv": "Andra området", "en": "Other Region"},
            languages=Region.Languages.FINNISH,
        )
    other_user = ensure_user(*OTHER_USER[:3])
    services.region_set_member(region=other, user=other_user, role=OTHER_USER[3])
    if not other.projects.exists():
        services.project_create(
            region=other,
            title={"fi": "Palvelulupaus 2026–2028"},
            term_start=2026,
            term_end=2028,
            by=other_user,
        )

    finished = region.projects.filter(term_start=2024).first()
    if finished is None:
        finished = services.project_create(
            region=region,
            title={
                "fi": "Palvelulupaus 2024–2026",
                "sv": "Servicelöfte 2024–2026",
                "en": "Service promise 2024–2026",
            },
            term_start=2024,
            term_end=2026,
            by=users[Role.PREPARER],
        )
    finished = walk_to(finished, 6, users)

    current = region.projects.filter(term_start=2027).first()
    if current is None:
        current = services.project_create(
            region=region,
            title={
                "fi": "Palvelulupaus 2027–2029",
                "sv": "Servicelöfte 2027–2029",
                "en": "Service promise 2027–2029",
            },
            term_start=2027,
            term_end=2029,
            by=users[Role.PREPARER],
            previous_project=finished,
        )
    current = walk_to(current, 3, users)
    # Phase 3 is under way: the first two tasks done, the rest open.
    tasks = list(
        ProjectTask.objects.filter(
            project=current, definition__phase__number=PREPARATION_PHASE
        ).order_by("definition__order")
    )
    if tasks and tasks[0].status == ProjectTask.Status.TODO:
        services.task_update(task=tasks[0], by=users[Role.PREPARER], status="done")
        services.task_update(
            task=tasks[1],
            by=users[Role.PREPARER],
            status="in_progress",
            assignee=users[Role.WORKING_GROUP],
            notes="Kommenttikierros auki; lausuntopyynnöt lähetetty kunnille ja neuvostoille.",
        )
    _set_sotkanet(region, DEMO_SOTKANET["esimerkki"])
    for slug, name, sotkanet, kind, languages in NATIONAL_REGIONS:
        seed_national_region(slug, name, sotkanet, kind=kind, languages=languages)
    return {"region": region, "finished": finished, "current": current, "users": users}


def _set_sotkanet(region: Region, sotkanet: tuple[int, str, dict]) -> None:
    if region.sotkanet_region_id is None:
        region.sotkanet_region_id, region.sotkanet_region_category = sotkanet[:2]
        written = set_texts(region, "sotkanet_region_title", sotkanet[2])
        region.save(update_fields=["sotkanet_region_id", "sotkanet_region_category", *written])


def seed_national_region(
    slug: str,
    name: dict,
    sotkanet: tuple[int, str, dict],
    *,
    kind: str = Region.Kind.COUNTY,
    languages: str = Region.Languages.BILINGUAL_FI,
) -> Region:
    """Another region with its 2024–2026 promise in force (the national view), its texts in
    the words of its kind of organiser."""
    region = Region.objects.filter(slug=slug).first()
    if region is None:
        region = services.region_create(slug=slug, name=name, kind=kind, languages=languages)
    _set_sotkanet(region, sotkanet)
    users = {}
    for username, first, last, role in DEMO_USERS:
        user = ensure_user(f"{slug}-{username}", first, last)
        services.region_set_member(region=region, user=user, role=role)
        users[role] = user
    project = region.projects.filter(term_start=2024).first()
    if project is None:
        project = services.project_create(
            region=region,
            title={
                "fi": "Palvelulupaus 2024–2026",
                "sv": "Servicelöfte 2024–2026",
                "en": "Service promise 2024–2026",
            },
            term_start=2024,
            term_end=2026,
            by=users[Role.PREPARER],
        )
    walk_to(project, 6, users)
    return region


def credentials_text(site_url: str) -> str:
    """What `make run` prints: the addresses and every demo user, read from the database
    (every region's members with their roles, and the site administrator)."""
    lines = [
        "",
        "Servicelöfte demo is ready.",
        f"  Open {site_url}/fi/  (sv: {site_url}/sv/, en: {site_url}/en/)",
        f"  Public promise: {site_url}/fi/p/{DEMO_REGION}/",
        f"  National view: {site_url}/fi/p/",
        f"  Every demo user's password: {DEMO_PASSWORD}",
    ]
    for region in Region.objects.order_by("pk"):
        lines.append(
            f"  {region.name} ({site_url}/fi/r/{region.slug}/ — public /fi/p/{region.slug}/)"
        )
        members = region.memberships.select_related("user").order_by("user__username")
        for m in members:
            user = m.user
            lines.append(f"    {user.username:<26} {Role(m.role).label} ({user.get_full_name()})")
    for user in User.objects.filter(is_superuser=True).order_by("username"):
        lines.append(f"  {user.username:<28} Django admin ({site_url}/fi/admin/)")
    return "\n".join(str(x) for x in lines)
