"""Who is named in an article, with the titles printed before their names and their roles.

Word segmenters do not help here: jieba splits 王建国 into 王建/国 and 李志强 into 李/志强.
A name is therefore read only where the page's own conventions frame it:

- after a title (市委书记王建国, 市委副书记、市长李强, 东江物流负责人王芳);
- in a list after X领导 (市领导张明、李华、赵刚、孙丽及…);
- at the head of a sub-headline before a verb (张明出席并致辞 李华出席, 李华会见王强一行);
- anywhere, once the page has already shown the string to be a name (王建国强调…).

Each candidate starts with a Chinese surname and is two or three characters long (three or
four with a double surname); which length is right is decided by what follows the name
(、 ， 主持 出席 参加 强调 表示 说 …) and by the names already known on the page. Precision
matters as much as recall, so a candidate that is not framed like this is not reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .result import PersonMention

SINGLE_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔"
    "向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕"
    "单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳穆农司卓古吉缪简车项连芦麦褚娄"
    "窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑"
    "迟邝官封谈匡鞠惠荆乐冀郁胥班储栗燕楚鄢劳谌奚皮粟冼蔺楼满闻厉伊仝郜阚权帅屠豆朴练廉禹井祖漆巴丰支卿"
    "狄计索宣晋初门云敬扈晁芮普阙浦戈伏鹿薄邸雍辜羊乌母裘亓修邰赫杭况宿印逯隆茹诸战慕危亢嵇湛宾戎勾茅揭"
    "尉斯束檀衣幸奉植衡尧闭赖阎凤丘邴扶鄂庹荀於资禤旷习"
    # less common ones; characters that are also everyday words (水 时 平 和 国 全 东) stay out
    "萧洪贝昌昝经贲钮羿汲糜宓郗仰钭韶蓟怀咸籍莘贡逄堵宰郦璩濮寿郏宦庾暨弘禄殳蔚夔厍訾乜蒯竺桓淳仉缑郈佴谯笪"
)
DOUBLE_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 令狐 慕容 长孙 宇文 司徒 夏侯 轩辕 端木 独孤 南宫 西门 百里 呼延"
    " 申屠 万俟 闻人 澹台 公冶 宗政 濮阳 太史 仲孙 钟离 第五 闾丘 赫连 公羊 淳于 鲜于 司空 梁丘 左丘 东郭 拓跋"
    " 微生 羊舌 太叔 乐正".split()
)

# A title ends with one of these (longest first, so 副市长 wins over 市长).
TITLE_SUFFIXES = tuple(
    sorted(
        """书记 市长 县长 区长 省长 州长 镇长 乡长 局长 厅长 处长 科长 部长 组长 主任 主席 董事长 总经理 经理 行长
        秘书长 负责人 创始人 专家 导师 教授 院长 校长 所长 站长 队长 馆长 社长 台长 会长 理事长 检察长 院士 政委
        总裁 总监 常委 委员 主委 总编辑 主编 司长 署长 巡视员 调研员 指挥长 团长 司令员 参谋长 监事长 董事
        研究员 总工程师 合伙人 主任医师 医师 工程师 律师 法官 检察官 民警 支书 村长 护士长 讲师 人大代表 党代表
        总经济师 总会计师 党组成员
        特困户 贫困户 低保户 困难户 居民 村民 市民 农民 职工 员工 教师 老师 医生 护士 演员 劳动模范 劳模 志愿者
        退役军人 观众 游客 家长 店主 摊主 师傅 司机 驾驶员 快递员 环卫工人 网格员 辅警 交警 消防员 村医 乡贤
        企业家 运动员 教练员 教练 作家 画家 书法家 艺术家 传承人 主播 厨师 技术员 种植户 养殖户 种粮大户
        党员 老党员 老人 退休干部 发言人""".split(),
        key=len,
        reverse=True,
    )
)

# The last characters of the title suffixes: a title can only end where one of them stands.
_TITLE_END = re.compile("[" + "".join(sorted({suffix[-1] for suffix in TITLE_SUFFIXES})) + "]")
_SUFFIXES_ENDING = {ch: tuple(s for s in TITLE_SUFFIXES if s.endswith(ch)) for ch in {s[-1] for s in TITLE_SUFFIXES}}

# What may follow a name: the name ends where one of these begins.
_FOLLOW_WORDS = tuple(
    sorted(
        """主持 出席 参加 强调 指出 表示 会见 带队 率队 率领 带领 一行 讲话 致辞 宣布 汇报 介绍 颁发 调研 考察 看望
        慰问 分别 先后 一同 共同 代表 要求 希望 认为 提出 听取 发表 接受 走访 莅临 陪同 同志 主讲 详细 亲切 深入
        实地 专程 首先 随后 前往 来到 视察 检查 督导 部署 批示 签署 会谈 交流 座谈 观看 回答 说明 透露 告诉 寄语
        作了 作出 当选 担任 获得 荣获 一起 还 说 在 等 及 和 与 为 对 率 向 作 到 也 就 将 是 称 同 赴 并 从 把
        给 以 来 去 的 都 又 便 则 应邀 列席 拉着 带着 饰演 扮演 正在 连声 笑着 总书记 坦言 感慨 回忆 激动 兴奋
        高兴 领着 已经 一家 家中 获评 被""".split(),
        key=len,
        reverse=True,
    )
)
_FOLLOW_PUNCT = set("、，,。；;：:（()）“”\"'《》！？!? \u3000—")

# Characters that do not occur inside a name but do occur right after a title in prose.
_NOT_IN_NAME = set("的了在与及等是为对将把被从到市县区省委局厅部会记镇乡日午晚"
                   "各这那其该此每们也就还又再已所之以而或个项些次"
                   # places and bodies (市长江大桥, 局长城管理处): never inside a person's name
                   "桥路街港站馆厂司楼府厅院校社团室处办组队场"
                   # kinship words after a surname (刘大妈, 王大爷): a way of address, not a name
                   "妈爷奶姨婆嫂"
                   # events and prizes (农民丰收节, 全民健身赛): a descriptor before them is no title
                   "节赛杯")

_ROLE_WORDS = (
    ("presided", ("主持",)),
    ("spoke", ("讲话", "致辞", "强调", "指出", "表示", "说", "要求", "介绍")),
    ("attended", ("出席", "参加")),
    ("met", ("会见", "会谈")),
    ("visited", ("调研", "考察", "看望", "慰问", "视察", "走访")),
)

_CJK = re.compile(r"[\u4e00-\u9fff]")
# X领导 lists: 市领导, 衡阳市领导, 长沙市领导 (up to six characters of place before the 市).
_LEADERS = re.compile(r"[省市县区州]领导")
_LEADER_PLACE = 6
_HEADLINE_VERBS = (
    "出席", "主持", "参加", "讲话", "致辞", "会见", "带队", "率队", "调研", "考察", "看望", "慰问", "分别", "介绍",
    "颁奖", "宣讲", "作报告", "强调", "会谈", "签约",
)
_HEADLINE_CHUNK = re.compile(r"^([\u4e00-\u9fff、]{2,16}?)(" + "|".join(_HEADLINE_VERBS) + ")")


def _is_cjk(ch: str) -> bool:
    return bool(_CJK.match(ch))


def _follows_name(text: str, pos: int) -> bool:
    """True when a name may end at pos: punctuation, the end, or a word that follows names."""
    if pos >= len(text) or text[pos] in _FOLLOW_PUNCT or not _is_cjk(text[pos]):
        return True
    return text.startswith(_FOLLOW_WORDS, pos)


def _lengths(text: str, pos: int) -> tuple[int, ...]:
    """Possible name lengths at pos, judged by the surname only."""
    if text[pos : pos + 2] in DOUBLE_SURNAMES:
        return (3, 4)
    if pos < len(text) and text[pos] in SINGLE_SURNAMES:
        return (2, 3)
    return ()


# Everyday words that open with a surname character: after a descriptor (学生安全, 教师资格) they are no names.
_COMMON_WORDS = frozenset("""安全 方面 方向 方式 方法 方案 高度 文明 文化 明显 明确 程度 成为 成效 成果 成功
    任务 任何 和谐
    平安 平台 常态 施工 经济 经验 管理 关键 关于 关注 于是 项目 金融 夏季 秋季 康复 齐心 万元 温度 温暖 武装
    林业 田间 石头 白天 向往 包括 包装 龙头 代表 培训 时间 水平 宣传 严格 严重 周边 周末 周年 周围 黄金 陆续
    吉祥 游客 游玩 车辆 车间 路线 路面 路上 资金 资源 资产 资料 资格 资助 资本 资讯 资质 秦腔 华夏 邓家 农业
    农村 农民 明天 明年 于今 余人 余名 余家 余元 余万 孔明 常规 连续 连日 杜绝 戴着 穿着 向前 向上 向下 高兴
    师傅 师生 金秋 丰收 丰富 龙舟 车主 柏油""".split())


def plausible(name: str) -> bool:
    return all(_is_cjk(ch) for ch in name) and not any(ch in _NOT_IN_NAME for ch in name[1:]) \
        and name not in _COMMON_WORDS


def read_name(text: str, pos: int, known: Iterable[str] = ()) -> str | None:
    """The name that starts at pos, if a surname starts there and the text after it allows one.

    Of two possible lengths the one already known on the page wins, then the shorter one
    (李强说 → 李强); a length is only possible when what follows may follow a name.
    """
    known = set(known)
    valid = [n for n in _lengths(text, pos) if pos + n <= len(text) and plausible(text[pos : pos + n])
             and _follows_name(text, pos + n)]
    for n in reversed(valid):
        if text[pos : pos + n] in known:
            return text[pos : pos + n]
    if len(valid) == 2 and _longer_wins(text, pos + valid[0], pos + valid[1]):
        return text[pos : pos + valid[1]]
    return text[pos : pos + valid[0]] if valid else None


# One-character words that may follow a name but cannot end a clause or precede a verb
# directly, so a name followed by them and then by punctuation or a verb is the longer one.
_WEAK_FOLLOWERS = set("率向同赴给作")
_SPEECH_END = re.compile(r"[说称][，,：:。]")


def _longer_wins(text: str, short_end: int, long_end: int) -> bool:
    """副市长张国为说， → 张国为, not 张国: the short reading leaves a stray preposition."""
    if text[short_end] not in _WEAK_FOLLOWERS:
        return False
    if long_end >= len(text) or text[long_end] in _FOLLOW_PUNCT:
        return True
    word = next((w for w in _FOLLOW_WORDS if text.startswith(w, long_end)), "")
    return len(word) >= 2 or bool(_SPEECH_END.match(text, long_end))


def _title_before(text: str, pos: int, known: set[str]) -> list[str]:
    """The titles printed right before pos (市委副书记、市长 → [市委副书记, 市长]), or []."""
    titles: list[str] = []
    end = pos
    while True:
        title = _one_title(text, end, known)
        if not title:
            break
        titles.insert(0, title)
        start = end - len(title)
        if start > 0 and text[start - 1] == "、":
            end = start - 1
            continue
        break
    return titles


# Prose before a title: everything up to the last of these is not part of the title.
_PROSE_BEFORE_TITLE = re.compile(r".*(?:的|了|会见|接见|陪同|邀请|听取|率领|带领|看望|慰问|会同|联合)")
# A preposition that opens the run, or follows a name or pronoun, opens the title after it
# (王建国与长沙市委书记陈红梅); elsewhere it is part of a name (同济大学, 和平区).
_PREPOSITIONS = "与和及向对被由把给让在为率"
_PRONOUNS = ("他", "她", "其", "我", "双方")


# No title printed before a name is longer than this (中共衡阳市委常委、市委组织部部长 fits).
_LONGEST_TITLE = 40


def _one_title(text: str, end: int, known: set[str]) -> str:
    """The single title ending at end: a run of words ending with a title suffix."""
    if not text.endswith(TITLE_SUFFIXES, 0, end):
        return ""
    start = end
    while start > max(0, end - _LONGEST_TITLE) and (_is_cjk(text[start - 1]) or text[start - 1] in "()（）·"):
        start -= 1
    run = text[start:end]
    prose = _PROSE_BEFORE_TITLE.match(run)
    if prose:
        run = run[prose.end():]
    names = tuple(known)
    for i in range(len(run) - 1, -1, -1):
        if run[i] in _PREPOSITIONS and (i == 0 or run[:i].endswith(_PRONOUNS) or run[:i].endswith(names)):
            run = run[i + 1 :]
            break
    # A closing bracket whose opening one lies in the prose belongs to the prose.
    while run and run[0] in ")）":
        run = run[1:]
    return run if run.endswith(TITLE_SUFFIXES) else ""


def titled_names(text: str, known: Iterable[str] = ()) -> list[tuple[str, list[str], int]]:
    """Names framed by a title or a X领导 list: (name, titles, end position) in text order."""
    known = set(known)
    found: list[tuple[str, list[str], int]] = []
    for match in _TITLE_END.finditer(text):
        pos = match.end()
        if not text.endswith(_SUFFIXES_ENDING[match.group()], 0, pos) or any(f[2] - len(f[0]) == pos for f in found):
            continue
        name = read_name(text, pos, known)
        if name and not text.startswith(TITLE_SUFFIXES, pos):
            titles = _title_before(text, pos, known)
            if titles:
                found.append((name, titles, pos + len(name)))
                # 副市长李明、陈晓红: names listed after a titled one share its title.
                after = pos + len(name)
                if text.startswith("、", after):
                    found.extend((other, titles, end) for other, end in _name_list(text, after + 1, known))
    for match in _LEADERS.finditer(text):
        start = match.start()
        while start > max(0, match.start() - _LEADER_PLACE) and _is_cjk(text[start - 1]):
            start -= 1
        title = _leader_title(text[start : match.end()])
        for name, end in _name_list(text, match.end(), known):
            found.append((name, [title], end))
    found.sort(key=lambda f: f[2])
    return found


def _leader_title(group: str) -> str:
    """衡阳市领导 / 长沙市领导 / 市领导: the leaders' title as printed, without prose before it."""
    cut = re.match(r".*(?:的|了|和|及|与|、|在|，)", group)
    return group[cut.end():] if cut else group


def _name_list(text: str, pos: int, known: set[str]) -> list[tuple[str, int]]:
    """The names of a list such as 张明、李华、赵刚、孙丽及… starting at pos."""
    names: list[tuple[str, int]] = []
    while pos < len(text):
        name = _list_item(text, pos, known)
        if not name:
            break
        names.append((name, pos + len(name)))
        pos += len(name)
        if pos < len(text) and text[pos] in "、,，" and pos + 1 < len(text) and _lengths(text, pos + 1):
            pos += 1
            continue
        break
    return names


def _list_item(text: str, pos: int, known: set[str]) -> str | None:
    """One list item: ended by 、 (any 2–3 character name), else by what may follow a name."""
    for n in _lengths(text, pos):
        if pos + n < len(text) and text[pos + n] == "、" and plausible(text[pos : pos + n]):
            return text[pos : pos + n]
    return read_name(text, pos, known)


def headline_names(line: str, known: Iterable[str] = ()) -> list[tuple[str, list[str]]]:
    """Names at the head of sub-headline chunks with their roles: 张明出席并致辞 李华出席.

    Names run together (张明王晓红参加…) are split with the names known on the page and
    share the verb that follows them; a run that cannot be split with certainty gives nothing.
    """
    known = set(known)
    found: dict[str, list[str]] = {}
    for chunk in line.split():
        match = _HEADLINE_CHUNK.match(chunk)
        if match:
            roles = roles_after(chunk, match.end(1))
            for part in match.group(1).split("、"):
                for name in split_run(part, known):
                    found.setdefault(name, roles)
        for met in re.finditer(r"会见([\u4e00-\u9fff]{2,4}?)(?:一行|$|等)", chunk):
            for name in split_run(met.group(1), known):
                found.setdefault(name, [])
    return list(found.items())


def split_run(run: str, known: Iterable[str] = ()) -> list[str]:
    """Split a run of names printed without separators (王晓红李华) into names, or [] if unsure.

    A run of one name, or of two two-character names, is read by the surnames alone; a
    longer run when every name in it is already known on the page, or when the surnames
    allow only one way to cut it (朱国平赖晓东刘正兴 → 朱国平 / 赖晓东 / 刘正兴).
    """
    known = set(known)
    if run in known:
        return [run]
    if len(run) in _lengths(run, 0) and plausible(run):
        return [run]
    if len(run) > 16:
        return []
    options = _splits(run)
    for option in options:
        if all(name in known for name in option):
            return option
    if len(options) == 1 and len(options[0]) >= 2:
        return options[0]
    if len(run) == 4 and run[:2] not in DOUBLE_SURNAMES and _lengths(run, 2) and plausible(run[:2]) \
            and plausible(run[2:]):
        return [run[:2], run[2:]]
    return []


def _splits(run: str) -> list[list[str]]:
    """Every way to cut a run into surname-led names of a possible length."""
    if not run:
        return [[]]
    out = []
    for n in _lengths(run, 0):
        if n <= len(run) and plausible(run[:n]):
            out.extend([run[:n], *rest] for rest in _splits(run[n:]))
    return out


def looks_like_byname(line: str) -> bool:
    """True when a headline line names people and what they did (李强主持, 刘波参加)."""
    for chunk in line.split():
        match = _HEADLINE_CHUNK.match(chunk)
        if match and all(part and len(part) <= 6 and _splits(part) for part in match.group(1).split("、")):
            return True
    return False


_ADVERBS = re.compile(r"^(?:先后|分别|一同|共同|亲切|详细|也|还|专程|随后|首先|实地|深入|在会上|同志)+")
_TRAVEL = re.compile(r"^(?:先后|专程|率队|带队|率[^，,。]{0,12}?)?(?:赴|到|来到|深入|前往|走进)"
                     r"[^。；;]{0,40}?(?:调研|考察|视察|走访)")
# The rest of a list the name heads (、李华、赵刚 … 等 / 及部分负责人), skipped to reach the verb.
_LIST_TAIL = re.compile(r"^(?:[、，,][\u4e00-\u9fff]{2,4}(?=[、，,等及]|出席|参加|主持|分别))*"
                        r"(?:等|及[^，,。]{0,12}?(?=出席|参加))?")


# How far after a name its roles are looked for: a list of names, then the clause. Bounded so
# that a long line without punctuation costs the same per name, not the rest of the line.
_ROLE_WINDOW = 400


def roles_after(text: str, end: int) -> list[str]:
    """The roles the words right after a name give its subject (主持会议并强调 → presided, spoke).

    Only verbs that open the clause or follow 并 count, so 会见了来衡考察的… is a meeting,
    not a visit; travel to a place to 调研/考察 is a visit.
    """
    rest = _LIST_TAIL.sub("", text[end:end + _ROLE_WINDOW])
    clause = re.split(r"[，,。；;：:\s]", rest, maxsplit=1)[0][:40]
    roles = []
    for part in clause.split("并"):
        part = _ADVERBS.sub("", part)
        for role, words in _ROLE_WORDS:
            if part.startswith(words) and role not in roles:
                roles.append(role)
    if _TRAVEL.match(rest) and "visited" not in roles:
        roles.append("visited")
    return roles


# A bare name that opens a clause and speaks (，张明表示 / 张明说：).
_ACTING = re.compile(r"(?:^|(?<=[，,。；;：:！？!?、“”\s]))([\u4e00-\u9fff]{2,4}?)"
                     r"(?=表示|指出|强调|介绍|认为|坦言|说[，,：:]|告诉记者)")


def acting_names(text: str, headlines: list[str]) -> list[str]:
    """Untitled names that act in the text and are printed in a headline too.

    A clause-opening 张明表示 alone could be any two characters (会议指出, 专家表示); the same
    string in the article's headline (张明：让乡村孩子…) makes it a name. The name is the whole
    span between the clause start and the verb, so it is never part of a longer name.
    """
    found: list[str] = []
    for match in _ACTING.finditer(text):
        name = match.group(1)
        if len(name) in _lengths(name, 0) and plausible(name) and name not in found \
                and any(name in line for line in headlines):
            found.append(name)
    return found


def find_persons(text: str, headlines: list[str], known: set[str]) -> list[PersonMention]:
    """Every person named in an article (headline lines + body), once, in order of appearance."""
    persons: dict[str, PersonMention] = {}

    def add(name: str, titles: list[str], roles: list[str]) -> None:
        person = persons.setdefault(name, PersonMention(name=name))
        for title in titles:
            if title not in person.titles:
                person.titles.append(title)
        for role in roles:
            if role not in person.roles:
                person.roles.append(role)

    for line in headlines:
        for name, roles in headline_names(line, known):
            if name in known or name in text:
                add(name, [], roles)
    for name, titles, end in titled_names(text, known):
        add(name, titles, roles_after(text, end))
    known = known | set(acting_names(text, headlines))
    for name in sorted(known, key=len, reverse=True):
        for match in re.finditer(re.escape(name), text):
            if _inside_longer(text, match.start(), name, known) or _COMPOUND_AFTER.match(text, match.end()):
                continue
            add(name, [], roles_after(text, match.end()))
    for person in persons.values():
        if not person.roles:
            person.roles.append("mentioned")
    whole = "\n".join([*headlines, text])
    return sorted(persons.values(), key=lambda p: whole.find(p.name))


# A name that opens a longer word names a thing, not the person: 邓小平理论, 梅兰芳大剧院.
_COMPOUND_AFTER = re.compile(r"理论|思想|大剧院|剧院|纪念馆|故居|广场|大道|路|街|中学|小学|大学|奖|杯|精神|式|号|像")


def _inside_longer(text: str, start: int, name: str, known: set[str]) -> bool:
    """True when this occurrence of a name is part of a longer known name (张立 in 张立明)."""
    for other in known:
        if len(other) > len(name) and name in other:
            offset = other.find(name)
            if text.startswith(other, start - offset):
                return True
    return False


def known_names(texts: Iterable[str]) -> set[str]:
    """Names the page shows to be names (titled or listed), used to read bare mentions."""
    names: set[str] = set()
    for text in texts:
        names.update(name for name, _, _ in titled_names(text, names))
    return names
