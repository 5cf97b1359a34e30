"""Documents for the import tests, made here: one made-up news article as a saved web page
(in English and in Russian), as a two-column PDF and as a Word file.

The article is invented for these tests (no real newspaper or reporter). Each page carries
what real pages carry around an article (a menu, share buttons, a photo caption, comments,
a footer) so the tests can check that none of it is imported, and that every sentence of
the article is.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Article:
    """A made-up article and the page furniture around it."""

    lang: str
    title: str
    author: str
    site: str
    date: str
    url: str
    heading: str
    paragraphs: list[str]  # the body; the heading comes before the last two
    menu: list[str]
    share: list[str]
    caption: str
    comments: list[str]
    footer: list[str]

    @property
    def body(self) -> list[str]:
        """The article's text in reading order: paragraphs, heading, paragraphs."""
        return [*self.paragraphs[:-2], self.heading, *self.paragraphs[-2:]]

    @property
    def furniture(self) -> list[str]:
        """Every line around the article, none of which may be imported."""
        return [*self.menu, *self.share, self.caption, *self.comments, *self.footer]


ENGLISH = Article(
    lang="en",
    title="Ferry to Krasnovodsk: the last Armenian families leave Baku",
    author="Anna Petrosyan",
    site="Caspian Courier",
    date="1990-01-18",
    url="https://courier.example.org/1990/01/ferry-to-krasnovodsk",
    heading="Soldiers at the quay",
    paragraphs=[
        "The ferry left the port of Baku at dawn on Wednesday, carrying some 1,200 people "
        "across the Caspian Sea. Most of them were Armenian families who had spent three "
        "nights in the port’s waiting hall, sleeping on benches and on the floor.",
        "“We left everything behind — the flat, the furniture, the photographs,” said a "
        "retired schoolteacher who gave her name only as Siranush. She carried a single "
        "suitcase and a bag of bread for the crossing.",
        "Representatives of the municipal administration said that the evacuation was "
        "voluntary. Several passengers disputed this characterisation; one engineer said "
        "that his neighbours had warned him not to return to his apartment.",
        "Soldiers of the Interior Ministry stood along the quay while the passengers "
        "boarded. An officer said that the evacuation would continue “as long as there are "
        "people who wish to leave,” and that a second ship was expected on Thursday.",
        "Officials in Krasnovodsk said that buses and aircraft would take the arrivals on "
        "to Yerevan. Nobody at the port could say how many people were still waiting in "
        "the city, or how many had already left by other routes.",
    ],
    menu=["Home", "World news", "Caucasus", "Opinion pages", "About the Courier", "Contact us"],
    share=["Share on Facebook", "Tweet this story", "Email to a friend"],
    caption="Passengers board the ferry at the Baku quay. (Photo: Courier archive)",
    comments=[
        "3 comments on this story",
        "reader1990 said:",
        "Terrible news, my thoughts are with all the families on that ferry tonight.",
        "observer said:",
        "Why did the authorities wait so long before they sent the soldiers in?",
    ],
    footer=[
        "© 1990 Caspian Courier. All rights reserved.",
        "Privacy policy",
        "Subscribe to our newsletter for the latest headlines",
    ],
)

RUSSIAN = Article(
    lang="ru",
    title="Паром на Красноводск: последние армянские семьи покидают Баку",
    author="Анна Петросян",
    site="Каспийский курьер",
    date="1990-01-18",
    url="https://courier.example.org/ru/1990/01/parom-na-krasnovodsk",
    heading="Солдаты на причале",
    paragraphs=[
        "Паром вышел из бакинского порта на рассвете в среду, увозя через Каспийское море "
        "около 1200 человек. Большинство из них составляли армянские семьи, которые провели "
        "три ночи в зале ожидания порта.",
        "«Мы оставили всё — квартиру, мебель, фотографии», — сказала учительница на пенсии, "
        "назвавшая себя только Сирануш. У неё был один чемодан и пакет хлеба на дорогу.",
        "Представители городской администрации заявили, что эвакуация добровольная. "
        "Несколько пассажиров с этим не согласились; один инженер сказал, что соседи "
        "предупредили его не возвращаться в квартиру.",
        "Солдаты внутренних войск стояли вдоль причала, пока пассажиры поднимались на борт. "
        "Офицер сказал, что эвакуация продолжится, «пока есть люди, желающие уехать».",
        "Чиновники в Красноводске сообщили, что автобусы и самолёты доставят прибывших в "
        "Ереван. Никто в порту не мог сказать, сколько людей ещё ждут в городе.",
    ],
    menu=["Главная", "В мире", "Кавказ", "Мнения", "О газете", "Контакты"],
    share=["Поделиться в Facebook", "Отправить в Telegram", "Отправить другу"],
    caption="Пассажиры поднимаются на паром у бакинского причала. (Фото: архив «Курьера»)",
    comments=[
        "3 комментария к статье",
        "читатель1990 пишет:",
        "Ужасные новости, мысленно со всеми семьями на этом пароме.",
        "наблюдатель пишет:",
        "Почему власти так долго ждали, прежде чем ввести войска?",
    ],
    footer=[
        "© 1990 Каспийский курьер. Все права защищены.",
        "Политика конфиденциальности",
        "Подпишитесь на нашу рассылку",
    ],
)


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def web_page(article: Article) -> str:
    """The article as a saved page: menu, share buttons, photo, comments, footer."""
    menu = "".join(f'<li><a href="/{n}">{_e(item)}</a></li>' for n, item in enumerate(article.menu))
    share = " ".join(f'<a href="#s{n}">{_e(item)}</a>' for n, item in enumerate(article.share))
    comments = "".join(f"<p>{_e(line)}</p>" for line in article.comments)
    footer = "".join(f"<p>{_e(line)}</p>" for line in article.footer)
    first, second, *middle, last1, last2 = article.paragraphs
    paragraphs = "".join(f"<p>{_e(p)}</p>" for p in middle)
    return f"""<!DOCTYPE html>
<html lang="{article.lang}">
<head>
<meta charset="utf-8">
<title>{_e(article.title)} | {_e(article.site)}</title>
<meta name="author" content="{_e(article.author)}">
<meta property="og:site_name" content="{_e(article.site)}">
<meta property="og:title" content="{_e(article.title)}">
<meta property="article:published_time" content="{article.date}T09:30:00Z">
<link rel="canonical" href="{article.url}">
<style>nav li {{ display: inline; }}</style>
<script>window.analytics = "tracking code, not text";</script>
</head>
<body>
<header><div class="logo">{_e(article.site)}</div><nav class="menu"><ul>{menu}</ul></nav></header>
<main>
<article>
<h1>{_e(article.title)}</h1>
<p class="byline"><span class="author">{_e(article.author)}</span>,
<time datetime="{article.date}">{article.date}</time></p>
<div class="share-buttons">{share}</div>
<p>{_e(first)}</p>
<figure><img src="ferry.jpg" alt=""><figcaption>{_e(article.caption)}</figcaption></figure>
<p>{_e(second)}</p>
{paragraphs}
<h2>{_e(article.heading)}</h2>
<p>{_e(last1)}</p>
<p>{_e(last2)}</p>
</article>
<section id="comments" class="comments">{comments}
<form><textarea name="reply"></textarea><button>Post</button></form></section>
</main>
<footer>{footer}</footer>
</body>
</html>
"""


RUNNING_HEAD = "Caspian Courier · Archive of January 1990"


def pdf_html(article: Article) -> str:
    """The article laid out as a small two-column journal page: running heads, page
    numbers, justified and hyphenated text (long words, narrow columns)."""
    paragraphs = "".join(f"<p>{_e(p)}</p>" for p in article.paragraphs[:-2])
    tail = "".join(f"<p>{_e(p)}</p>" for p in article.paragraphs[-2:])
    return f"""<!DOCTYPE html>
<html lang="{article.lang}"><head><meta charset="utf-8"><title>{_e(article.title)}</title>
<style>
@page {{ size: 105mm 148mm; margin: 16mm 9mm 14mm 9mm;
  @top-center {{ content: "{RUNNING_HEAD}"; font: 6pt sans-serif; }}
  @bottom-center {{ content: counter(page); font: 7pt sans-serif; }} }}
body {{ font: 8.5pt/1.25 serif; }}
h1 {{ font-size: 12pt; margin: 0 0 4pt; }}
.byline {{ font-size: 7pt; margin: 0 0 6pt; }}
.columns {{ columns: 2; column-gap: 5mm; text-align: justify; hyphens: auto; }}
p {{ margin: 0 0 4pt; text-indent: 0; }}
h2 {{ font-size: 10pt; margin: 6pt 0 3pt; }}
</style></head>
<body><h1>{_e(article.title)}</h1>
<p class="byline">{_e(article.author)}</p>
<div class="columns">{paragraphs}<h2>{_e(article.heading)}</h2>{tail}</div>
</body></html>"""


def write_pdf(article: Article, path: Path) -> Path:
    """The article as a two-column PDF, made with WeasyPrint."""
    import weasyprint  # noqa: PLC0415 - slow to load; only the PDF tests need it

    weasyprint.HTML(string=pdf_html(article)).write_pdf(path)
    return path


def write_docx(article: Article, path: Path) -> Path:
    """The article as a Word file: title, paragraphs, a heading, a header and footer."""
    import docx  # noqa: PLC0415 - only the Word tests need it

    document = docx.Document()
    document.core_properties.title = article.title
    document.core_properties.author = article.author
    document.core_properties.language = article.lang
    document.sections[0].header.paragraphs[0].text = RUNNING_HEAD
    document.sections[0].footer.paragraphs[0].text = "Page 1"
    document.add_heading(article.title, level=0)
    for paragraph in article.paragraphs[:-2]:
        document.add_paragraph(paragraph)
    document.add_heading(article.heading, level=1)
    for paragraph in article.paragraphs[-2:]:
        document.add_paragraph(paragraph)
    document.save(str(path))
    return path
