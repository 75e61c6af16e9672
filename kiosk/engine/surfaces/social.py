"""The social surface's engine side: a made-up social network's typed fixture (the
learner's fake profile and who sees its phone number and e-mail, a post already written,
the feed's posts), its targets, its own words and what the guide says about it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from kiosk.engine.surfaces import Key, Record, Report, SurfaceSpec, TargetName, register
from kiosk.engine.surfaces.words import N_, Words

# a post's picture: a pictogram, never a photograph (assets/pictograms/<name>.png)
PICTOGRAMS = Path(__file__).resolve().parents[3] / "assets" / "pictograms"
# who may see something, from the widest to the narrowest
AUDIENCES = ("public", "friends", "me")
# the feed shows this many posts whole on the phone's screen
MAX_POSTS = 2

WORDS = Words("social", (
    N_("social.app.title", "Mon Réseau (exemple)"),
    N_("social.button.write", "Écrire"),
    N_("social.button.profile", "Mon profil"),
    N_("social.button.publish", "Publier"),
    N_("social.button.settings", "Paramètres"),
    # TRANSLATORS: in a post's menu: tell the network the post is bad
    N_("social.button.report", "Signaler"),
    # TRANSLATORS: in a post's menu: stop seeing the post
    N_("social.button.hide", "Masquer"),
    N_("social.button.like", "J'aime"),
    N_("social.button.share", "Partager"),
    # TRANSLATORS: the button choosing who sees a post; also the title of that choice
    N_("social.button.audience", "Qui peut voir ?"),
    N_("social.audience.public", "Public"),
    N_("social.audience.friends", "Amis"),
    N_("social.audience.me", "Moi uniquement"),
    N_("social.about.public", "Tout le monde, même des inconnus"),
    N_("social.about.friends", "Seulement vos amis"),
    N_("social.about.me", "Personne d'autre que vous"),
    N_("social.setting.phone", "Numéro de téléphone"),
    N_("social.setting.email", "Adresse e-mail"),
    N_("social.compose.title", "Nouvelle publication"),
    N_("social.settings.title", "Qui voit vos coordonnées ?"),
    # TRANSLATORS: under the name of a company's or a group's page (not a person)
    N_("social.page", "Page"),
    # TRANSLATORS: after publishing; {who} is Public, Amis or Moi uniquement
    N_("social.published", "Publié. Qui peut voir : {who}"),
    N_("social.saved", "C'est enregistré."),
    N_("social.reported", "Merci. Nous allons vérifier."),
    N_("social.hidden", "Publication masquée."),
    N_("social.shared", "Publication partagée."),
))

BUTTONS = ("button.write", "button.profile", "button.back", "button.audience", "button.publish",
           "button.settings", "button.report", "button.hide", "setting.phone", "setting.email")
# the words on the buttons (the back arrow is a picture only)
WORDED = ("button.write", "button.profile", "button.audience", "button.publish", "button.settings",
          "button.report", "button.hide", "setting.phone", "setting.email")


@dataclass(frozen=True)
class Me(Record):
    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("name", "text", what="the learner's (fake) name on the profile: `Alex Martin`"),
        Key("phone", "text", what="a made-up number in quotes: `\"0470 12 34 56\"`"),
        Key("email", "email", what="an address ending in `.example`", example="alex.martin@mail.example"),
        Key("phone_seen", "text", default="public", choices=AUDIENCES,
            what="who sees the number at the start: `public`, `friends` or `me`"),
        Key("email_seen", "text", default="public", choices=AUDIENCES,
            what="who sees the e-mail address at the start, likewise"),
    )
    WHAT: ClassVar[str] = "the profile"
    name: str
    phone: str
    email: str
    phone_seen: str
    email_seen: str

    @classmethod
    def check_more(cls, node: Mapping[str, Any], report: Report) -> None:
        digits = "".join(ch for ch in node["phone"] if ch.isdigit())
        if not 9 <= len(digits) <= 12 or any(ch not in "0123456789 +" for ch in node["phone"]):
            report(node, "phone", f"'{node['phone']}' is not a phone number",
                   'write a made-up number in quotes, e.g. phone: "0470 12 34 56"')


@dataclass(frozen=True)
class Post(Record):
    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("id", "id", what="its short name: `menu.<id>`, `like.<id>`, `share.<id>`"),
        Key("author", "label", what="who wrote it: a made-up person, or a page \"(exemple)\""),
        Key("page", "flag", default=False, what="`true`: a company's or a group's page, not a person"),
        Key("text", "label", what="its words (one or two short sentences)"),
        Key("picture", "text", default="", what="a pictogram's name drawn with it: `phone`, `cake`"),
        Key("likes", "number", default=0, what="how many people like it"),
        Key("time", "label", default="", what="when it was posted: `\"2 h\"`, or a map of languages"),
    )
    WHAT: ClassVar[str] = "a post"
    FAMILY: ClassVar[str] = "post"
    id: str
    author: Any
    page: bool
    text: Any
    picture: str
    likes: int
    time: Any

    @classmethod
    def check_more(cls, node: Mapping[str, Any], report: Report) -> None:
        picture = node.get("picture")
        if picture and not (PICTOGRAMS / f"{picture}.png").is_file():
            report(node, "picture", f"no pictogram '{picture}'",
                   "use a file name from assets/pictograms, without '.png', e.g. 'cake'")

    def targets(self) -> set[str]:
        return {f"{family}.{self.id}" for family in ("menu", "like", "share")}


@dataclass(frozen=True)
class SocialFixture(Record):
    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("me", "record", item=Me, what="the learner's profile: `name`, `phone`, `email`, "
            "and who sees them (`phone_seen`, `email_seen`)"),
        Key("draft", "label", default="", what="the words of a new post, already written (nothing is typed)"),
        Key("audience", "text", default="public", choices=AUDIENCES,
            what="who sees the new post at the start: `public`, `friends` or `me`"),
        Key("posts", "items", default=(), item=Post, what=f"the feed, top to bottom (at most {MAX_POSTS})"),
    )
    WHAT: ClassVar[str] = "the fixture"
    me: Me
    draft: Any
    audience: str
    posts: tuple[Post, ...]

    @classmethod
    def check_more(cls, node: Mapping[str, Any], report: Report) -> None:
        if len(node.get("posts") or ()) > MAX_POSTS:
            report(node, "posts", f"more than {MAX_POSTS} posts: the last ones would be off the screen",
                   f"keep the {MAX_POSTS} posts the exercise needs")

    def post(self, ident: str) -> Post | None:
        return next((p for p in self.posts if p.id == ident), None)


def _read(fixture: Mapping[str, Any]) -> SocialFixture | None:
    if not SocialFixture.check(fixture, lambda *_p: None, set()):
        return None
    return SocialFixture.read(fixture)


def _check(fixture: Any, report: Report) -> None:
    SocialFixture.check(fixture, report, set(), None, None)


def _targets(fixture: Mapping[str, Any]) -> set[str]:
    read = _read(fixture)
    return (set(BUTTONS) | {f"audience.{a}" for a in AUDIENCES}
            | (read.targets() if read is not None else set()))


def _labels(fixture: Mapping[str, Any]) -> dict[str, Any]:
    """The words on each target: the app's buttons, the audiences, a post's J'aime and
    Partager (its menu button is a picture: no words)."""
    names: dict[str, Any] = {key: WORDS[key] for key in WORDED}
    names.update({f"audience.{a}": WORDS[f"audience.{a}"] for a in AUDIENCES})
    read = _read(fixture)
    if read is not None:
        for post in read.posts:
            names[f"like.{post.id}"] = WORDS["button.like"]
            names[f"share.{post.id}"] = WORDS["button.share"]
    return names


GUIDE = """\
A phone's social network, "Mon Réseau (exemple)". The feed shows up to two posts: the
author (a person's initial in a circle, a page's in a square with the word "Page"), the
words, a pictogram, the likes, **J'aime**, **Partager** and a menu button (three lines).
The menu opens under the post: **Signaler** (then "Merci. Nous allons vérifier.") and **Masquer** (the post
goes away). **Écrire** opens a new post, its words already written (`draft:`; nothing is
typed): **Qui peut voir ?** shows the three choices, **Public** (everyone, even strangers),
**Amis**, **Moi uniquement**, then **Publier** puts it on top of the feed. **Mon profil**
shows the learner's fake name and **Paramètres**: the phone number and the e-mail address,
each with who sees it; touching one offers the same three choices. Lessons a trainer will
want: choose who sees before publishing; keep the number to yourself; a contest that asks
you to share and give your details is a trap: report it, hide it, never share it."""

TARGETS = (
    TargetName(("button.write",), "**Écrire**, on the feed: a new post", ("tap",)),
    TargetName(("button.profile",), "**Mon profil**, on the feed", ("tap",)),
    TargetName(("button.back",), "the arrow back (new post, choice, profile, settings)", ("tap",)),
    TargetName(("button.audience",), "**Qui peut voir ?** on a new post: the three choices", ("tap",)),
    TargetName(("audience.public", "audience.friends", "audience.me"),
               "a choice: **Public**, **Amis**, **Moi uniquement**", ("tap",)),
    TargetName(("button.publish",), "**Publier**, under a new post", ("tap",)),
    TargetName(("button.settings",), "**Paramètres**, on the profile", ("tap",)),
    TargetName(("setting.phone", "setting.email"),
               "in the settings, the phone number or the e-mail: the three choices", ("tap",)),
    TargetName(("menu.<id>",), "a post's menu button (three lines): **Signaler**, **Masquer**", ("tap",)),
    TargetName(("button.report", "button.hide"), "in a post's menu: **Signaler**, **Masquer**", ("tap",)),
    TargetName(("like.<id>", "share.<id>"), "a post's **J'aime**, **Partager**", ("tap",)),
)

KEYS = (SocialFixture.guide_keys() + Me.guide_keys("the profile's ") + Post.guide_keys("a post's "))

register(SurfaceSpec("social", _check, _targets, None, _labels,
                     summary="a social network: who sees a post, the number kept private, a trap reported",
                     guide=GUIDE, keys=KEYS, target_names=TARGETS, fixture=SocialFixture,
                     fixture_keys=frozenset(k.name for k in SocialFixture.KEYS)))
