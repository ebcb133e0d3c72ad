"""Names, titles and roles (archive/parsing/people.py)."""

import pytest

from archive.parsing.people import find_persons, headline_names, known_names, read_name, split_run, titled_names


def persons(text, headlines=(), known=None):
    known = known_names([text]) if known is None else known
    return {p.name: (p.titles, p.roles) for p in find_persons(text, list(headlines), known)}


@pytest.mark.parametrize(("text", "name", "titles"), [
    ("市委书记刘越高主持会议。", "刘越高", ["市委书记"]),
    ("市委副书记、市长朱健出席签约仪式。", "朱健", ["市委副书记", "市长"]),
    ("省委常委、长沙市委书记吴桂英，长沙市委副书记、市长郑建新与代表团座谈。", "吴桂英", ["省委常委", "长沙市委书记"]),
    ("国开行湖南分行副行长张伟，市政府秘书长廖义智参加。", "张伟", ["国开行湖南分行副行长"]),
    ("中国电信湖南公司党委副书记、副总经理万鹏说，公司将抢抓机遇。", "万鹏",
     ["中国电信湖南公司党委副书记", "副总经理"]),
    ("南华大学党委书记高山为专家颁发聘书。", "高山", ["南华大学党委书记"]),
    ("市委常委、市委组织部部长、市委统战部部长刘章宇作工作报告。", "刘章宇",
     ["市委常委", "市委组织部部长", "市委统战部部长"]),
    ("衡阳国家高新区管委会主任胡小刚，市政府秘书长廖义智参加。", "胡小刚", ["衡阳国家高新区管委会主任"]),
    ("东江物流负责人王琴表示，公司将实现翻番。", "王琴", ["东江物流负责人"]),
    ("市委书记刘越高与长沙市委书记吴桂英座谈。", "吴桂英", ["长沙市委书记"]),
    ("国家特聘专家、同济大学博士生导师陈德基带领团队落户。", "陈德基", ["国家特聘专家", "同济大学博士生导师"]),
])
def test_titles_printed_before_a_name(text, name, titles):
    assert persons(text)[name][0] == titles


def test_leader_lists():
    found = persons("市领导于新凡、尹培国、胡志文、谢宏及部分驻衡高校负责人出席会议。"
                    "吐鲁番市领导魏诚、陈章杰分别参加相关活动。")
    assert list(found) == ["于新凡", "尹培国", "胡志文", "谢宏", "魏诚", "陈章杰"]
    assert found["谢宏"] == (["市领导"], ["attended"])
    assert found["魏诚"][0] == ["吐鲁番市领导"]


def test_names_after_a_titled_one_share_its_title():
    assert persons("副市长李明、陈晓红，市政府秘书长赵志刚参加。")["陈晓红"][0] == ["副市长"]


def test_two_or_three_characters_by_what_follows():
    assert read_name("朱健出席", 0) == "朱健"
    assert read_name("刘越高强调", 0) == "刘越高"
    assert read_name("谢宏及部分负责人", 0) == "谢宏"
    assert read_name("万鹏说，", 0) == "万鹏"
    assert read_name("欧阳明辉说，", 0) == "欧阳明辉"
    assert read_name("刘越高强调", 0, known={"刘越高"}) == "刘越高"


def test_no_fragments_of_words():
    found = persons("市委书记刘越高强调，要加强领导。刘越高要求，越高越好。习近平总书记关于宣传工作的重要论述。"
                    "在市委的坚强领导下，市领导小组开会。负责人出席会议。")
    assert set(found) == {"刘越高"}


def test_bare_mentions_of_known_names():
    found = persons("刘越高强调，要凝聚合力。", known={"刘越高"})
    assert found == {"刘越高": ([], ["spoke"])}


def test_subheadline_names_run_together():
    known = {"吴桂英", "刘越高", "郑建新", "朱健"}
    names = dict(headline_names("吴桂英刘越高参加座谈并讲话 郑建新朱健分别介绍有关情况", known))
    assert list(names) == ["吴桂英", "刘越高", "郑建新", "朱健"]
    assert names["刘越高"] == ["attended", "spoke"]
    assert [n for n, _ in headline_names("朱健会见梅帅元一行", {"朱健", "梅帅元"})] == ["朱健", "梅帅元"]
    assert [n for n, _ in headline_names("刘越高出席并致辞 朱健出席")] == ["刘越高", "朱健"]


def test_unknown_run_is_not_guessed():
    assert split_run("刘越高朱健") == []
    assert split_run("刘越高朱健", {"刘越高", "朱健"}) == ["刘越高", "朱健"]
    assert split_run("杨帆张珺") == ["杨帆", "张珺"]


def test_subheadline_name_needs_support_in_the_body():
    assert "金融" not in persons("金融业务持续增长。", ["金融会谈取得成果"])
    assert persons("张三表示，要做好工作。", ["张三出席"], known=set()) == {"张三": ([], ["attended", "spoke"])}


@pytest.mark.parametrize(("text", "roles"), [
    ("市委书记刘越高主持会议并强调，要抓落实。", ["presided", "spoke"]),
    ("市委书记刘越高出席签约仪式并致辞。", ["attended", "spoke"]),
    ("市长朱健会见了来衡考察的客人。", ["met"]),
    ("市委书记刘越高先后赴雁城物流园、高速物流港，调研物流产业。", ["visited"]),
    ("市委书记刘越高的讲话很重要。", ["mentioned"]),
])
def test_roles(text, roles):
    assert persons(text)["刘越高" if "刘越高" in text else "朱健"][1] == roles


def test_titled_names_give_end_positions():
    text = "市长朱健出席。"
    assert titled_names(text) == [("朱健", ["市长"], 4)]


@pytest.mark.parametrize(("text", "name", "titles"), [
    ("珠晖区委书记王小平出席。", "王小平", ["珠晖区委书记"]),
    ("衡阳县县长周建军主持会议。", "周建军", ["衡阳县县长"]),
    ("三塘镇党委书记刘小平介绍，今年种植面积稳定。", "刘小平", ["三塘镇党委书记"]),
    ("新塘村党支部书记罗强带领村民致富。", "罗强", ["新塘村党支部书记"]),
    ("市一中校长李明辉介绍，学校新增教师。", "李明辉", ["市一中校长"]),
    ("公司董事长黄志诚、总经理何一平出席。", "何一平", ["总经理"]),
    ("市中心医院主任医师陈美华为群众诊疗。", "陈美华", ["市中心医院主任医师"]),
    ("全国人大代表欧阳红说，要加强保护。", "欧阳红", ["全国人大代表"]),
    ("中国工程院院士钟南平指出，要重视研究。", "钟南平", ["中国工程院院士"]),
    ("市住建局局长诸葛亮平介绍，工程完工。", "诸葛亮平", ["市住建局局长"]),
    ("耒阳市市长夏侯文斌参加活动。", "夏侯文斌", ["耒阳市市长"]),
    ("县委书记闾丘明出席。", "闾丘明", ["县委书记"]),
])
def test_more_titles_and_surnames(text, name, titles):
    assert persons(text)[name][0] == titles


def test_untitled_speaker_named_in_the_headline():
    found = persons("张大山表示，将继续扎根山区。", ["张大山：让山区孩子也能上好学"])
    assert found == {"张大山": ([], ["spoke"])}


@pytest.mark.parametrize("text", [
    "会议指出，要抓好落实。专家表示，前景很好。有关负责人介绍，工程将完工。",
    "市长江大桥建设指挥部召开会议。",
    "王明表示，要抓好落实。",  # untitled and in no headline: not confident
])
def test_no_speaker_without_support(text):
    assert persons(text, ["会议指出要抓好落实"]) == {}


def test_never_a_two_character_part_of_a_listed_name():
    found = persons("副市长王向东说，要加强管理。王向东强调，要抓落实。")
    assert list(found) == ["王向东"]
