"""Articles, KIM and events in every state, for the API's visibility tests and schemathesis."""

from datetime import timedelta

from django.utils import timezone

from groups.models import Kim
from news import services
from news.models import Article
from tests.conftest import add_member, make_kim, make_user
from tests.news.conftest import article_in, write
from tests.workshops.conftest import make_event
from workshops.models import Event

ARTICLE_STATES = list(Article.State.values)


def cast(kim: Kim):
    from django.contrib.auth.models import Group

    from groups.models import Membership
    from kim_portal.roles import REDAKSI_GROUP

    author = make_user("penulis@uji.kim.id", "Penulis Rahasia")
    add_member(kim, author)
    ketua = make_user("ketua-api@uji.kim.id", "Ketua Api")
    add_member(kim, ketua, Membership.Role.KETUA)
    redaksi = make_user("redaksi-api@uji.kim.id", "Redaksi Api")
    redaksi.groups.add(Group.objects.get(name=REDAKSI_GROUP))
    return author, ketua, redaksi


def articles(kim: Kim, author, ketua, redaksi) -> dict[str, Article]:
    """One article per state, titled after it; plus a scheduled one and a public one whose KIM
    is later suspended."""
    made = {}
    for state in ARTICLE_STATES:
        article = article_in(state, author=author, kim=kim, ketua=ketua, redaksi=redaksi)
        Article.objects.filter(pk=article.pk).update(title=f"Artikel {state}", slug=f"a-{state}")
        made[state] = Article.objects.get(pk=article.pk)
    scheduled = write(author, kim, title="Artikel terjadwal")
    services.article_submit(article=scheduled, actor=author)
    services.article_approve(article=scheduled, actor=ketua)
    services.article_publish(
        article=scheduled, actor=redaksi, at=timezone.now() + timedelta(days=2)
    )
    made["scheduled"] = scheduled
    other = make_kim("KIM Dibekukan", kelurahan="kutowinangun-lor")
    other_author = make_user("penulis2@uji.kim.id", "Penulis Dua")
    add_member(other, other_author)
    other_ketua = make_user("ketua2@uji.kim.id", "Ketua Dua")
    from groups.models import Membership

    add_member(other, other_ketua, Membership.Role.KETUA)
    suspended = article_in(
        Article.State.PUBLISHED, author=other_author, kim=other, ketua=other_ketua, redaksi=redaksi
    )
    Kim.objects.filter(pk=other.pk).update(status=Kim.Status.INACTIVE)
    made["kim-inactive"] = suspended
    return made


def kims() -> dict[str, Kim]:
    return {
        status: make_kim(f"KIM Status {status}", status=status)
        for status in Kim.Status.values
        if status != Kim.Status.VERIFIED
    }


def events() -> dict[str, Event]:
    made = {status: make_event(f"Acara {status}", status=status) for status in Event.Status.values}
    made["members"] = make_event(
        "Acara anggota",
        audience=Event.Audience.MEMBERS,
        online_url="https://meet.example/rahasia",
    )
    made["past"] = make_event("Acara lalu", starts_at=timezone.now() - timedelta(days=30))
    return made
