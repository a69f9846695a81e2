"""Fill a persistent PostgreSQL bench database with a city's worth of community news.

    python bench/generate.py [--database kim_bench_100k] [--articles 100000] [--reset]

Creates the database if it is missing (on the server DATABASE_URL names, or 127.0.0.1:5432),
migrates it, runs `seed_demo --force`, then adds, with bulk_create in batches:
  - verified KIMs up to --kims (default 98) over Salatiga's 23 kelurahan, a few pending and
    inactive ones, each with officers and members (about 20 people a KIM);
  - --articles published articles (default 100,000) written by bench/corpus.py, each a different
    Indonesian body of 150 to 400 words, spread over the past years, with categories, photos for
    about two thirds, and the review history the services record (submitted, KIM-approved,
    published), plus 3% more in the other states (drafts, under review, rejected, scheduled);
  - --comments comments (default articles / 5), most approved, newer articles having more
    (ten or so on each of the newest 30);
  - --events events (default articles / 50) from four years ago to six months ahead, with
    registrations;
then fills the full-text index with the app's own `update_search_vector()`, runs VACUUM ANALYZE,
and records what it made in the table bench_generated: a second run with the same figures only
reports; other figures need --reset (drop and recreate the database). About five minutes for
100,000 articles on two cores.
"""

import argparse
import io
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402

BATCH = 2000


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S', time.gmtime())}] {message}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", default="kim_bench_100k")
    parser.add_argument("--articles", type=int, default=100_000, help="published articles")
    parser.add_argument("--kims", type=int, default=98, help="verified KIMs in all")
    parser.add_argument("--comments", type=int, help="default: articles / 5")
    parser.add_argument("--events", type=int, help="default: articles / 50, at least 10")
    parser.add_argument("--seed", type=int, default=2026, help="of the random text and choices")
    parser.add_argument("--reset", action="store_true", help="drop and recreate the database")
    args = parser.parse_args()
    args.comments = args.articles // 5 if args.comments is None else args.comments
    args.events = max(10, args.articles // 50) if args.events is None else args.events
    started = time.perf_counter()
    generate(args)
    log(f"done in {time.perf_counter() - started:.0f} s")
    return 0


def generate(args) -> dict:
    common.configure(args.database)
    if common.create_database(args.database, reset=args.reset):
        log(f"created database {args.database}")
    import django

    django.setup()
    import logging

    from django.core.management import call_command
    from django.db import connection

    logging.getLogger("django.tasks").setLevel(logging.WARNING)  # one line per demo photo
    call_command("migrate", interactive=False, verbosity=0)
    common.collect_static()
    wanted = {
        "articles": args.articles,
        "kims": args.kims,
        "comments": args.comments,
        "events": args.events,
        "seed": args.seed,
    }
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_generated (key text PRIMARY KEY, value integer)"
        )
        cursor.execute("SELECT key, value FROM bench_generated")
        done = dict(cursor.fetchall())
    if done:
        if done != wanted:
            sys.exit(
                f"{args.database} already holds {done}; asked for {wanted}: use --reset "
                "to drop and regenerate it"
            )
        log(f"{args.database} already generated: {done}")
        return done
    log("seed_demo --force")
    call_command("seed_demo", force=True, stdout=io.StringIO())
    Generator(args).run()
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO bench_generated (key, value) VALUES (%s, %s)", list(wanted.items())
        )
    return wanted


class Generator:
    def __init__(self, args):
        from django.utils import timezone

        self.args = args
        self.rng = random.Random(args.seed)
        self.now = timezone.now().replace(second=0, microsecond=0)

    def run(self) -> None:
        from django.db import connection, transaction

        from kim_portal.pagecache import public_content_changed

        with transaction.atomic():
            self.categories = self.make_categories()
            self.kims, self.members = self.make_kims()
            log(f"{len(self.kims)} verified KIMs, {sum(map(len, self.members.values()))} members")
        self.article_ids = self.make_articles()
        self.index_articles()
        with transaction.atomic():
            self.make_comments()
            self.make_events()
            public_content_changed()
        log("VACUUM ANALYZE")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")

    # -- Registry ---------------------------------------------------------------------------------

    def make_categories(self) -> dict:
        from django.utils.text import slugify

        from bench import corpus
        from news.models import Category

        return {
            name: Category.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]
            for name in corpus.CATEGORIES
        }

    def make_kims(self):
        from django.contrib.auth.hashers import make_password

        from bench import corpus
        from groups.models import Kelurahan, Kim, Membership
        from kim_portal.models import User

        rng = self.rng
        kelurahan = list(Kelurahan.objects.select_related("kecamatan").order_by("pk"))
        existing = Kim.objects.verified().count()
        taken = {name.lower() for name in Kim.objects.values_list("name", flat=True)}
        suffixes = (
            "Maju Berdaya Sejahtera Mandiri Cerdas Informatif Kreatif Bersatu Lestari".split()
        )
        suffixes += "Harmoni Guyub Rukun Digital Inspiratif Tangguh Berseri Nusantara".split()
        new, number = [], 0
        statuses = [Kim.Status.VERIFIED] * max(0, self.args.kims - existing)
        statuses += [Kim.Status.PENDING] * 5 + [Kim.Status.INACTIVE] * 2
        for status in statuses:
            while True:
                place = kelurahan[number % len(kelurahan)]
                name = f"KIM {place.name} {suffixes[(number // len(kelurahan)) % len(suffixes)]}"
                number += 1
                if name.lower() not in taken:
                    break
            taken.add(name.lower())
            new.append(
                Kim(
                    name=name,
                    slug=f"bench-{number}-{place.slug}",
                    kelurahan=place,
                    status=status,
                    address=f"Jalan {rng.choice(corpus.STREETS).replace('-', ' ')} "
                    f"No. {rng.randint(1, 120)}, {place.name}, Salatiga",
                    description=f"Kelompok Informasi Masyarakat Kelurahan {place.name}, "
                    f"Kecamatan {place.kecamatan.name}.",
                    focus_areas=rng.sample([str(v) for v in Kim.FocusArea.values], 3),
                    phone=f"08122{rng.randint(1000000, 9999999)}",
                )
            )
        Kim.objects.bulk_create(new, batch_size=BATCH)
        kims = list(Kim.objects.verified().select_related("kelurahan__kecamatan").order_by("pk"))
        password = make_password(None)  # unusable: force_login and sessions only
        members = {
            kim.pk: list(
                User.objects.filter(
                    memberships__kim=kim, memberships__status=Membership.Status.ACTIVE
                )
            )
            for kim in kims
        }
        roles = [
            Membership.Role.KETUA,
            Membership.Role.SEKRETARIS,
            Membership.Role.BENDAHARA,
            Membership.Role.PENGUMPULAN,
            Membership.Role.PENGOLAHAN,
            Membership.Role.PENYEBARLUASAN,
        ]
        for kim in kims:
            if members[kim.pk]:
                continue  # a demo KIM keeps its demo people
            size = rng.randint(12, 30)
            users = User.objects.bulk_create(
                User(
                    email=f"bench-{kim.pk}-{n}@warga.example",
                    full_name=f"{rng.choice(corpus.FIRST_NAMES)} {rng.choice(corpus.LAST_NAMES)}",
                    password=password,
                )
                for n in range(size)
            )
            Membership.objects.bulk_create(
                Membership(
                    kim=kim,
                    user=user,
                    role=roles[n] if n < len(roles) else Membership.Role.ANGGOTA,
                    status=Membership.Status.ACTIVE,
                    decided_at=self.now - timedelta(days=rng.randint(30, 1500)),
                )
                for n, user in enumerate(users)
            )
            pending = rng.randint(0, 3)
            for user in User.objects.bulk_create(
                User(
                    email=f"bench-{kim.pk}-calon-{n}@warga.example",
                    full_name=f"{rng.choice(corpus.FIRST_NAMES)} {rng.choice(corpus.LAST_NAMES)}",
                    password=password,
                )
                for n in range(pending)
            ):
                Membership.objects.create(kim=kim, user=user)
            members[kim.pk] = users
        return kims, members

    # -- Articles ---------------------------------------------------------------------------------

    def make_articles(self) -> list[int]:
        """Published articles, newest first in the returned ids, then the other states."""
        from django.db import transaction

        from bench import corpus
        from kim_portal.models import Photo, User
        from news.models import Article, ReviewEvent

        rng = self.rng
        State = Article.State
        total = self.args.articles
        extra = max(3, total * 3 // 100)
        photos = list(Photo.objects.order_by("pk"))
        redaksi = User.objects.get(email="redaksi@demo.kim.id")
        # A realistic pace: about 50 a day across the city at 100,000 (five and a half years).
        span = timedelta(days=max(30, total / 50))
        log(f"{total} published articles over {span.days} days, {extra} in other states")
        categories = self.categories
        Through = Article.categories.through
        ids: list[int] = []
        started = time.perf_counter()
        for start in range(0, total + extra, BATCH):
            rows, texts = [], []
            for i in range(start, min(start + BATCH, total + extra)):
                kim = self.kims[rng.randrange(len(self.kims))] if rng.random() > 0.05 else None
                place = kim.kelurahan if kim else self.kims[i % len(self.kims)].kelurahan
                text = corpus.article(
                    i, {"kel": place.name, "kec": place.kecamatan.name}, self.args.seed
                )
                if i < total:
                    state = State.PUBLISHED
                    published = (
                        self.now - span * (i / total) - timedelta(minutes=rng.randint(20, 600))
                    )
                    submitted = published - timedelta(hours=rng.randint(2, 96))
                else:
                    state = rng.choice(
                        [
                            State.DRAFT,
                            State.KIM_REVIEW,
                            State.REDAKSI_REVIEW,
                            State.REJECTED,
                            State.CHANGES_REQUESTED,
                            State.PUBLISHED,
                        ]
                    )
                    # Extra "published" ones are scheduled: due in the coming weeks.
                    published = (
                        self.now + timedelta(hours=rng.randint(6, 600))
                        if state == State.PUBLISHED
                        else None
                    )
                    submitted = (
                        None
                        if state == State.DRAFT
                        else self.now - timedelta(hours=rng.randint(1, 300))
                    )
                photo = photos[i % len(photos)] if photos and rng.random() < 0.65 else None
                author = rng.choice(self.members[kim.pk]) if kim else redaksi
                rows.append(
                    Article(
                        title=text["title"],
                        slug=f"{_slug(text['title'])}-{i}",
                        summary=text["summary"],
                        body=text["body"],
                        photo=photo,
                        photo_caption=f"Suasana kegiatan di {place.name}." if photo else "",
                        photo_credit=f"Dokumentasi {kim.name}" if photo and kim else "",
                        kim=kim,
                        kelurahan=place,
                        author=author,
                        state=state,
                        submitted_at=submitted,
                        published_at=published,
                    )
                )
                texts.append(text)
            with transaction.atomic():
                created = Article.objects.bulk_create(rows)
                links, events = [], []
                for article, text in zip(created, texts, strict=True):
                    links.append(
                        Through(
                            article_id=article.pk, category_id=categories[text["topic"].category].pk
                        )
                    )
                    if rng.random() < 0.2:
                        other = categories[rng.choice(corpus.CATEGORIES)]
                        if other.name != text["topic"].category:
                            links.append(Through(article_id=article.pk, category_id=other.pk))
                    events += _history(article, redaksi, rng)
                Through.objects.bulk_create(links)
                ReviewEvent.objects.bulk_create(events)
            ids += [
                a.pk for a in created if a.state == State.PUBLISHED and a.published_at <= self.now
            ]
            done = start + len(rows)
            if done % 20000 < BATCH or done == total + extra:
                rate = done / (time.perf_counter() - started)
                log(f"  {done} articles ({rate:.0f}/s)")
        from django.db import connection

        with connection.cursor() as cursor:
            # auto_now_add stamped every row with the time of the insert: date them as written.
            cursor.execute(
                "UPDATE news_article SET created_at = COALESCE(submitted_at, now()) - interval '3 hours',"
                " updated_at = COALESCE(published_at, submitted_at, now()) WHERE id >= %s",
                [min(ids)],
            )
            cursor.execute(
                "UPDATE news_reviewevent e SET created_at = CASE"
                " WHEN e.to_state = 'published' THEN COALESCE(LEAST(a.published_at, now()), now())"
                " WHEN e.to_state = 'redaksi_review' AND e.from_state = 'kim_review'"
                "  THEN a.submitted_at + interval '1 hour'"
                " ELSE COALESCE(a.submitted_at, now()) END"
                " FROM news_article a WHERE e.article_id = a.id AND a.id >= %s",
                [min(ids)],
            )
        return ids

    def index_articles(self) -> None:
        """The full-text index, filled the way the services fill it."""
        from news.models import Article

        log("search vectors (update_search_vector)")
        ids = Article.objects.filter(search_vector__isnull=True).values_list("pk", flat=True)
        ids = sorted(ids)
        for start in range(0, len(ids), 10_000):
            chunk = ids[start : start + 10_000]
            Article.objects.filter(pk__gte=chunk[0], pk__lte=chunk[-1]).update_search_vector()
        log(f"  {len(ids)} articles indexed")

    # -- Comments and events ----------------------------------------------------------------------

    def make_comments(self) -> None:
        from django.db import connection

        from bench import corpus
        from kim_portal.models import User
        from news.models import Article, Comment

        rng = self.rng
        total = self.args.comments
        ids = self.article_ids  # newest first
        places = dict(
            Article.objects.filter(pk__in=ids[: min(len(ids), 50_000)]).values_list(
                "pk", "kelurahan__name"
            )
        )
        redaksi = User.objects.get(email="redaksi@demo.kim.id")
        residents = list(User.objects.filter(email__startswith="bench-")[:500])
        states = [Comment.State.APPROVED] * 85 + [Comment.State.PENDING] * 10
        states += [Comment.State.REJECTED] * 3 + [Comment.State.SPAM] * 2
        rows = []
        for n in range(total):
            # Newer articles draw more comments: the newest 30 have ten or so each (the measured
            # article among them), 40% go to the newest 2%, the rest to any article.
            if n < 300:
                article = ids[n % min(30, len(ids))]
            elif rng.random() < 0.4:
                article = ids[rng.randrange(max(1, len(ids) // 50))]
            else:
                article = ids[rng.randrange(len(ids))]
            name, text = corpus.comment(n, {"kel": places.get(article, "Salatiga")}, self.args.seed)
            user = rng.choice(residents) if residents and rng.random() < 0.3 else None
            state = rng.choice(states)
            rows.append(
                Comment(
                    article_id=article,
                    user=user,
                    name=user.full_name if user else name,
                    email=user.email if user else f"{_slug(name)}.{n}@contoh.id",
                    text=text,
                    state=state,
                    ip_address=f"10.{n % 200}.{n // 200 % 250}.{n % 250 + 1}",
                    user_agent="Mozilla/5.0 (Linux; Android 13) Chrome/120 Mobile",
                    moderated_by=redaksi if state != Comment.State.PENDING else None,
                )
            )
        created = Comment.objects.bulk_create(rows, batch_size=BATCH)
        if created:
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE news_comment c SET"
                    " created_at = LEAST(now(), a.published_at + (c.id %% 97) * interval '41 minutes'),"
                    " moderated_at = CASE WHEN c.state = 'pending' THEN NULL ELSE"
                    "  LEAST(now(), a.published_at + (c.id %% 97) * interval '41 minutes'"
                    "  + interval '3 hours') END"
                    " FROM news_article a WHERE c.article_id = a.id AND c.id >= %s",
                    [created[0].pk],
                )
        log(f"{len(created)} comments")

    def make_events(self) -> None:
        from django.db import connection

        from bench import corpus
        from groups.models import Membership
        from kim_portal.models import User
        from workshops.models import Event, Registration

        rng = self.rng
        total = self.args.events
        redaksi = User.objects.get(email="redaksi@demo.kim.id")
        kinds = list(corpus.EVENT_KINDS)
        past, ahead = timedelta(days=4 * 365), timedelta(days=182)
        rows = []
        for n in range(total):
            kim = self.kims[n % len(self.kims)]
            kind = kinds[rng.randrange(len(kinds))]
            text = corpus.event(
                n,
                kind,
                {"kel": kim.kelurahan.name, "kec": kim.kelurahan.kecamatan.name},
                self.args.seed,
            )
            starts = self.now - past + (past + ahead) * (n / total)
            # 08:00 to 19:00 in Salatiga (UTC+7)
            starts = starts.replace(hour=rng.choice([1, 2, 3, 6, 7, 12]), minute=0)
            status = rng.choices(
                [Event.Status.PUBLISHED, Event.Status.CANCELLED, Event.Status.DRAFT], [90, 5, 5]
            )[0]
            rows.append(
                Event(
                    kind=kind,
                    title=text["title"],
                    slug=f"{_slug(text['title'])[:200]}-{n}",
                    summary=text["summary"],
                    description=text["description"],
                    starts_at=starts,
                    ends_at=starts + timedelta(hours=rng.choice([2, 3, 4, 6])),
                    venue=text["venue"],
                    address=f"Kelurahan {kim.kelurahan.name}, Kota Salatiga",
                    capacity=rng.choice([None, 30, 50, 100, 200]),
                    audience=rng.choice([Event.Audience.PUBLIC] * 3 + [Event.Audience.MEMBERS]),
                    status=status,
                    speakers=text["speakers"],
                    contact="Diskominfo Salatiga, WhatsApp 0812-2600-1234",
                    created_by=redaksi,
                    published_at=None
                    if status == Event.Status.DRAFT
                    else starts - timedelta(days=21),
                    cancelled_at=starts - timedelta(days=2)
                    if status == Event.Status.CANCELLED
                    else None,
                )
            )
        created = Event.objects.bulk_create(rows, batch_size=BATCH)
        people = list(
            Membership.objects.active().filter(kim__in=self.kims).values_list("user_id", "kim_id")
        )
        registrations = []
        for event in created:
            if event.status != Event.Status.PUBLISHED or rng.random() < 0.4:
                continue
            held = event.ends_at < self.now
            for user_id, kim_id in rng.sample(people, min(len(people), rng.randint(3, 25))):
                status = (
                    rng.choice([Registration.Status.ATTENDED] * 4 + [Registration.Status.CONFIRMED])
                    if held
                    else rng.choice(
                        [Registration.Status.CONFIRMED] * 5 + [Registration.Status.WAITLISTED]
                    )
                )
                registrations.append(
                    Registration(
                        event=event,
                        user_id=user_id,
                        kim_id=kim_id,
                        status=status,
                        checked_in_at=event.starts_at + timedelta(minutes=20)
                        if status == Registration.Status.ATTENDED
                        else None,
                    )
                )
        created_registrations = Registration.objects.bulk_create(registrations, batch_size=BATCH)
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE workshops_event SET created_at = COALESCE(published_at, now()) - interval '2 days',"
                " updated_at = COALESCE(published_at, now()) WHERE id >= %s",
                [created[0].pk],
            )
            if created_registrations:
                cursor.execute(
                    "UPDATE workshops_registration r SET created_at = LEAST(now(),"
                    " e.starts_at - (r.id %% 13 + 1) * interval '1 day')"
                    " FROM workshops_event e WHERE r.event_id = e.id AND r.id >= %s",
                    [created_registrations[0].pk],
                )
        log(f"{len(created)} events, {len(created_registrations)} registrations")


def _history(article, redaksi, rng) -> list:
    """The review steps the services record for an article in its state."""
    from news.models import Article, ReviewEvent

    State = Article.State
    author = article.author_id
    steps = {
        State.DRAFT: [],
        State.KIM_REVIEW: [(author, State.DRAFT, State.KIM_REVIEW)],
        State.REDAKSI_REVIEW: [
            (author, State.DRAFT, State.KIM_REVIEW),
            (author, State.KIM_REVIEW, State.REDAKSI_REVIEW),
        ],
        State.CHANGES_REQUESTED: [
            (author, State.DRAFT, State.KIM_REVIEW),
            (author, State.KIM_REVIEW, State.REDAKSI_REVIEW),
            (redaksi.pk, State.REDAKSI_REVIEW, State.CHANGES_REQUESTED),
        ],
        State.REJECTED: [
            (author, State.DRAFT, State.KIM_REVIEW),
            (author, State.KIM_REVIEW, State.REDAKSI_REVIEW),
            (redaksi.pk, State.REDAKSI_REVIEW, State.REJECTED),
        ],
        State.PUBLISHED: [
            (author, State.DRAFT, State.KIM_REVIEW),
            (author, State.KIM_REVIEW, State.REDAKSI_REVIEW),
            (redaksi.pk, State.REDAKSI_REVIEW, State.PUBLISHED),
        ],
    }[article.state]
    if article.kim_id is None and steps:  # the Redaksi's own: straight to its review
        steps = [(author, State.DRAFT, State.REDAKSI_REVIEW)] + steps[2:]
    return [
        ReviewEvent(article_id=article.pk, actor_id=actor, from_state=src, to_state=dst)
        for actor, src, dst in steps
    ]


def _slug(text: str) -> str:
    from django.utils.text import slugify

    return slugify(text)[:200]


if __name__ == "__main__":
    sys.exit(main())
