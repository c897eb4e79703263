"""Officials by class of construction (issue 10): sentences we wrote, one table row per construction."""

from __future__ import annotations

import pytest

from graph.model import Article, Extraction
from graph.names import fold_name


@pytest.fixture(scope="module")
def extractor():
    from loaders.extraction import Extractor

    return Extractor.load(model=None)  # the rules alone


@pytest.fixture(scope="module")
def nerel(extractor):
    from loaders.extraction import Extractor

    return Extractor(extractor.models, extractor.lexicon, profile="nerel")


def run(extractor, text: str) -> Extraction:
    return extractor.extract(Article(id=Article.make_id(None, text), text=text))


def officials(extraction: Extraction) -> set[tuple[str, str]]:
    """(person, organisation) pairs of OFFICIAL_OF, names folded."""
    names = {e.id: fold_name(e.name) for e in extraction.entities}
    return {(names[r.source], names[r.target]) for r in extraction.relations if r.type.value == "OFFICIAL_OF"}


def post_of(extraction: Extraction, person: str) -> list[str]:
    names = {e.id: fold_name(e.name) for e in extraction.entities}
    return [r.attributes.get("post", "") for r in extraction.relations
            if r.type.value == "OFFICIAL_OF" and names[r.source] == fold_name(person)]


HOLDS = [
    # a plural post over coordinated regions: each name with its own region's government
    ("Соглашение подписали губернаторы Липецкой и Орловской областей Павел Сомов и Андрей Клычков.",
     [("Павел Сомов", "Правительство Липецкой области"), ("Андрей Клычков", "Правительство Орловской области")]),
    # several posts before one name, separated by a comma: each gives its organisation
    ("Министр промышленности и торговли, вице-премьер Виктор Лаптев осмотрел новый цех.",
     [("Виктор Лаптев", "Минпромторг России")]),
    (("Как пояснил заместитель губернатора – директор департамента промышленности Курганской области Андрей Сизов, "
      "соглашение важно."), [("Андрей Сизов", "Правительство Курганской области")]),
    # a deputy's post written in one word that the dictionary misreads («замсекретаря», «замначальника»)
    ("Совещание провёл замначальника управления Минпромторга России Глеб Орлов.", [("Глеб Орлов", "Минпромторг России")]),
    ("Указом освобождён от должности замсекретаря Совета безопасности РФ Ю. Гордеев.",
     [("Ю. Гордеев", "Совет безопасности РФ")]),
    # a military or civil-service rank between the post and the name is no post: the post is before it
    ("Начальник ГУ МЧС России по Курской области генерал-майор внутренней службы Пётр Ушаков проверил склад.",
     [("Пётр Ушаков", "МЧС России")]),
    # a regional head's deputy, the region written in the post: the region's government
    ("Заместитель премьер-министра Республики Татарстан Ильдар Валиев открыл форум.",
     [("Ильдар Валиев", "Правительство Республики Татарстан")]),
    # the organisation written as a common noun: the one of that kind named just before
    ("Соглашение с «Росатомом» подписал гендиректор госкорпорации Андрей Лосев.", [("Андрей Лосев", "Росатом")]),
    ("Заседание прошло в Торгово-промышленной палате РФ. Его открыл вице-президент палаты Олег Нестеров.",
     [("Олег Нестеров", "Торгово-промышленная палата РФ")]),
    ("Завод «Курский станкостроитель» получил заказ. Как сообщил директор предприятия Игорь Лавров, его выполнят к маю.",
     [("Игорь Лавров", "Курский станкостроитель")]),
    # an envoy's post names the body he is sent to after «при» / «в»
    ("Постоянный представитель России при ООН Олег Вершинин выступил на заседании.", [("Олег Вершинин", "ООН")]),
    # «от» names whom a deputy stands for, not where the post is held
    ("Депутат Государственной думы от партии «Новые люди» Олег Смирнов выступил на форуме.",
     [("Олег Смирнов", "Государственная дума")]),
    # the post right after the name, told by «на посту» / «в должности»
    ("Олег Брагин в должности генерального директора завода «Вектор» проработал шесть лет.",
     [("Олег Брагин", "Вектор")]),
    ("Преемником Игоря Седова на посту ректора ТУСУР станет его заместитель.", [("Игорь Седов", "ТУСУР")]),
]


@pytest.mark.parametrize(("text", "expected"), HOLDS)
def test_official_of(extractor, text, expected):
    got = officials(run(extractor, text))
    for person, org in expected:
        assert (fold_name(person), fold_name(org)) in got, got


NOT_HELD = [
    # owners and founders hold no post (ANNOTATION.md: a co-owner is not an official): with no post they are no
    # entity at all, tests/test_entity_classes.py POSTLESS
    # the party after «от» is not where the deputy's post is held
    ("Депутат Государственной думы от партии «Новые люди» Олег Смирнов выступил на форуме.", ["Олег Смирнов"],
     {"Государственная дума"}),
    # a post no longer held gives no OFFICIAL_OF (ANNOTATION.md, Posts)
    ("Бывший гендиректор «Северной верфи» Олег Ильин теперь преподаёт в Москве.", ["Олег Ильин"], set()),
    ("Олег Ильин, экс-глава «Северной верфи», теперь преподаёт в Москве.", ["Олег Ильин"], set()),
    # «в» before an organisation ends any other post: "директор в «Векторе»" is not read across it
    ("Выставку открыл директор в «Северной верфи» Иван Сомов.", ["Иван Сомов"], set()),
    # a candidate «на пост» does not hold the post yet (held: «на посту», «в должности»)
    ("Совет выдвинул Ирину Ковалёву на пост ректора ТУСУР.", ["Ирина Ковалёва"], set()),
]


@pytest.mark.parametrize(("text", "people", "allowed"), NOT_HELD)
def test_no_official_of_beyond(extractor, text, people, allowed):
    extraction = run(extractor, text)
    got = officials(extraction)
    assert {fold_name(p) for p in people} <= {fold_name(e.name) for e in extraction.entities}, got
    for person in people:
        assert {org for who, org in got if who == fold_name(person)} <= {fold_name(a) for a in allowed}, got


def test_the_holder_of_the_inner_post_agrees_in_case_with_it(extractor):
    extraction = run(extractor, "Отчёт подготовил советник ректора ТГУ Эдуарда Галажинского.")
    assert post_of(extraction, "Эдуард Галажинский"), officials(extraction)
    assert not any(p.lower().startswith("советник") for p in post_of(extraction, "Эдуард Галажинский"))


def test_nerel_keeps_former_posts_and_links_only_written_organisations(extractor, nerel):
    former = "Бывший гендиректор «Северной верфи» Олег Ильин теперь преподаёт в Москве."
    assert {who for who, _ in officials(run(nerel, former))} == {fold_name("Олег Ильин")}
    governor = "Губернатор Курской области Роман Старов открыл форум."
    assert (fold_name("Роман Старов"), fold_name("Правительство Курской области")) in officials(run(extractor, governor))
    assert not officials(run(nerel, governor))  # NEREL links «губернатор» to the region, not to an organisation


# issue 10, NEREL officials: constructions of both profiles. The organisation is compared up to case endings
# (what is tested is who holds a post where, not how a quoted name is put in the nominative)


def holds(got: set[tuple[str, str]], person: str, org: str) -> bool:
    from loaders.evaluation.matching import inflected_equal

    return any(who == fold_name(person) and inflected_equal(where, org) for who, where in got)


HOLDS_TOLD = [
    # a post after a dash, the name after it
    ("Исход матча решит игра капитана команды «Ротор» — Андрея Лыкова.", [("Андрей Лыков", "Ротор")]),
    ("Главный секретарь Совета Федерации — Олег Рябов.", [("Олег Рябов", "Совет Федерации")]),
    # «который» after an organisation: the verb of heading is said of the name after it
    ("Ранее в «Северной верфи», которую возглавляет Олег Брагин, заявили о новом заказе.", [("Олег Брагин", "Северная верфь")]),
    # a post before «которого» + «являлся/был»: the organisation before the comma
    ("Умер Пётр Голованов. Об этом сообщили в Союзе архитекторов России, президентом которого он являлся.",
     [("Пётр Голованов", "Союз архитекторов России")]),
    # a post named by «пост/должность» before the verb of holding it
    ("Пост генерального директора «Уралвагонзавода» занимает Игорь Сомов.", [("Игорь Сомов", "Уралвагонзавод")]),
    # «под руководством / под управлением» X: X heads the organisation before it
    ("Концерт дал оркестр Новосибирской филармонии под управлением Ильи Гаврилова.",
     [("Илья Гаврилов", "Новосибирская филармония")]),
    # a clause of a date only goes on with the subject named before the comma
    ("Директор завода «Кристалл» Олег Рябов ушёл в отставку, с 2020 года является председателем «Сибура».",
     [("Олег Рябов", "Сибур")]),
    # the organisation alone in brackets right after the name
    ("Лучшим вратарём сезона признан голкипер Игорь Лавров («Ротор»).", [("Игорь Лавров", "Ротор")]),
    # a verbal noun of appointing: «в связи с избранием на пост …»
    ("Губернатор поздравил Олега Рябова в связи с избранием на пост председателя совета директоров «Сибура».",
     [("Олег Рябов", "Сибур")]),
    # the subject of a verb of appointing past the post in apposition after the name
    ("Олег Рябов, председатель совета директоров «Сибура», будет назначен генеральным директором «Кристалла».",
     [("Олег Рябов", "Кристалл")]),
    # «X во главе Y»: X heads Y
    ("Губернатор высоко оценил работу Олега Рябова во главе «Сибура».", [("Олег Рябов", "Сибур")]),
    # an acting post: «исполнять обязанности», «Исполняющим обязанности … назначен»
    ("До осени Олег Рябов будет исполнять обязанности генерального директора «Сибура».", [("Олег Рябов", "Сибур")]),
    ("Исполняющим обязанности директора «Кристалла» назначен Олег Рябов.", [("Олег Рябов", "Кристалл")]),
    # the successor «на посту»: the subject of «сменил»
    ("Олег Рябов сменил Ивана Сомова на посту генерального директора «Сибура».", [("Олег Рябов", "Сибур")]),
    # the present said after a pronoun and a dash: «Сейчас он — профессор …»
    ("Олег Рябов родился в Томске. Сейчас он — директор завода «Кристалл».", [("Олег Рябов", "Кристалл")]),
]


@pytest.mark.parametrize(("text", "expected"), HOLDS_TOLD)
def test_official_of_told(extractor, nerel, text, expected):
    for profile in (extractor, nerel):
        got = officials(run(profile, text))
        for person, org in expected:
            assert holds(got, person, org), got


# NEREL only: posts held in the past, biography lines without a subject, workplaces without a post
NEREL_HOLDS = [
    # «был» + a post in the instrumental; «и» before the next post ends the first
    ("Игорь Петров был губернатором Тверской области и начальником Октябрьской железной дороги.",
     [("Игорь Петров", "Октябрьская железная дорога")]),
    # a name after a preposition is not the subject of the next verb
    ("Антон Рябов играл с Павлом Сомовым, был продюсером у группы «Кино».", [("Антон Рябов", "Кино")]),
    # biography lines: a date, then a dash and a post, or a verb, with the subject left out
    (("Владислав Орлов родился в Томске в 1960 году. В 1992 году — президент Российской ассоциации литейщиков. "
      "В 1998 году возглавлял агентство «Медиапресс». В ноябре 2005 года избран секретарём Томского городского совета."),
     [("Владислав Орлов", "Российская ассоциация литейщиков"), ("Владислав Орлов", "Медиапресс"),
      ("Владислав Орлов", "Томский городской совет")]),
    # the one to come «на посту … его сменит X» (NEREL; ANNOTATION.md: not held yet)
    ("Павел Сомов уходит. На посту директора «Сибура» его сменит Олег Рябов.", [("Олег Рябов", "Сибур")]),
    # a sentence opened by a past verb goes on with the person the text is about
    ("Михаил Орлов закончил карьеру в 2012 году. Выступал за команды «Ротор», «Уралмаш» и «Сокол».",
     [("Михаил Орлов", "Ротор"), ("Михаил Орлов", "Уралмаш"), ("Михаил Орлов", "Сокол")]),
    # a name after a post in the genitive is the post's complement, not the subject of the next verb
    ("Анна Орлова родилась в семье вице-губернатора штата Мэри Смит, работала в компании «Вектор».",
     [("Анна Орлова", "Вектор")]),
    # a plural verb said of listed names: each name works there
    ("Олег Рябов и Иван Сомов работали над новым двигателем в компании «Вектор».",
     [("Олег Рябов", "Вектор"), ("Иван Сомов", "Вектор")]),
    # where a person works is a workplace with no post named
    ("Инженер Трон Хансен работал в компании «Вектор» с 1999 года.", [("Трон Хансен", "Вектор")]),
    ("Павел Сомов выступал за «Ротор» пять сезонов.", [("Павел Сомов", "Ротор")]),
    # a participle used as a post noun: the dictionary's lemma is its verb («нападающий» → «нападать»)
    ("Гол забил нападающий «Ротора» Павел Сомов.", [("Павел Сомов", "Ротор")]),
    # the posts before a name go on past «, а ныне»: the former one too
    ("Книгу представил бывший вице-президент «Сургутнефтегаза», а ныне член Совета Федерации Олег Рябов.",
     [("Олег Рябов", "Сургутнефтегаз"), ("Олег Рябов", "Совет Федерации")]),
    # the organisation written as a common noun of its kind («палата», «театр»): the one named before
    ("Заседание прошло в Торгово-промышленной палате РФ. Его открыл вице-президент палаты Олег Нестеров.",
     [("Олег Нестеров", "Торгово-промышленная палата РФ")]),
]


@pytest.mark.parametrize(("text", "expected"), NEREL_HOLDS)
def test_nerel_official_of(nerel, text, expected):
    got = officials(run(nerel, text))
    for person, org in expected:
        assert holds(got, person, org), got


def test_the_replaced_holder_keeps_no_post(extractor, nerel):
    text = "Олег Рябов сменил Ивана Сомова на посту генерального директора «Сибура»."
    assert not any(who == fold_name("Иван Сомов") for who, _ in officials(run(extractor, text)))
    assert any(who == fold_name("Иван Сомов") for who, _ in officials(run(nerel, text)))  # NEREL keeps former posts


def test_annotation_drops_what_nerel_keeps(extractor):
    """A post once held («был директором»), a biography line's past post and a workplace with no post are no
    OFFICIAL_OF by ANNOTATION.md."""
    for text in ("Игорь Петров был директором завода «Вектор».",
                 "Олег Рябов перестал возглавлять «Сибур».",
                 "Владислав Орлов родился в 1960 году. В 1992 году — президент ассоциации «Литпром».",
                 "Инженер Трон Хансен работал в компании «Вектор» с 1999 года."):
        assert not officials(run(extractor, text)), text


def test_a_board_is_no_workplace(extractor, nerel):
    text = "— прокомментировал решение председатель Совета директоров «Северсвязи» Иван Сомов."
    for profile in (extractor, nerel):
        assert officials(run(profile, text)) == {(fold_name("Иван Сомов"), fold_name("Северсвязи"))}
