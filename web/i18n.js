// Folio's interface text in the browser. GENERATED from app/i18n by
// "go test ./app/i18n -update": edit app/i18n/zh.go, not this file.
//
// Loaded first of the page's scripts, before app.wasm starts. It chooses the
// interface language as the server does: the reader's choice in the
// folio-lang cookie (set in the reading settings, web/reader.js), else the first
// of navigator.languages that Folio speaks, else English. A page made in
// another language (a static export's, or one kept from before the reader
// chose) gets its <html lang> changed, and app.wasm, which reads it, renders
// in the reader's language. Scripts call folioI18n.t("English text"),
// .f(key, args...) for %s and %d, .n(count, one, other) and .date(d).
(function () {
  "use strict";
  var zh = {
    " · page %d": " · 第 %d 页",
    " — page %d": "——第 %d 页",
    "%d bytes": "%d 字节",
    "%d comment": "%d 条评论",
    "%d comments": "%d 条评论",
    "%d days ago": "%d 天前",
    "%d h ago": "%d 小时前",
    "%d min ago": "%d 分钟前",
    "%d min read": "阅读约 %d 分钟",
    "%s — stories worth keeping": "%s——值得留存的文章",
    "%s: a small magazine of articles you can read anywhere, even offline.": "%s：一本随处可读、离线也能读的小杂志。",
    "2 Jan 2006, 15:04": "2006年1月2日 15:04",
    "2 January 2006": "2006年1月2日",
    "A new version of Folio is available.": "Folio 有新版本了。",
    "Add this address to your feed reader to hear of replies there too. It is private: anyone who has it can read the replies to your comments, so keep it to yourself.": "把这个地址加入你的订阅阅读器，也能在那里收到回复。它是私密的：任何拿到它的人都能读到给你评论的回复，请勿外传。",
    "Article not found": "找不到文章",
    "Articles kept on this device for reading offline.": "保存在此设备上、供离线阅读的文章。",
    "Articles you have read or saved can be searched here, with or without a network.": "你读过或保存过的文章都可以在这里搜索，有没有网络都行。",
    "Auto": "自动",
    "Back to the front page": "返回首页",
    "Back to top": "回到顶部",
    "Be kind. *Emphasis*, **bold**, `code` and links work.": "请友善发言。支持 *强调*、**粗体**、`代码` 和链接。",
    "Best": "最佳",
    "By %s": "作者：%s",
    "Cancel": "取消",
    "Check your connection and try again.": "请检查网络连接后重试。",
    "Column width": "栏宽",
    "Comments": "评论",
    "Comments on %s": "关于《%s》的评论",
    "Comments on %s — %s": "关于《%s》的评论 — %s",
    "Contents": "目录",
    "Could not save: %s": "无法保存：%s",
    "Dark": "深色",
    "Delete": "删除",
    "Delete your comment?": "删除你的评论？",
    "Deleted by its author.": "已被作者删除。",
    "Discard": "放弃",
    "Edit": "编辑",
    "Finished": "已读完",
    "Folio uses %s on this device (of %s available).": "Folio 在此设备上占用 %s（可用 %s）。",
    "Folio — a magazine that keeps what you read.": "Folio——为你留存所读的杂志。",
    "Follow in a feed reader": "用订阅阅读器关注",
    "Front page": "首页",
    "Hide preview": "隐藏预览",
    "In this article": "本文内容",
    "It may have moved or been taken down.": "它可能已被移走或撤下。",
    "Keep it": "保留",
    "Kept on this device; it will be posted when the network is back.": "已保存在此设备上，联网后会发表。",
    "Language": "语言",
    "Latest stories": "最新文章",
    "Light": "浅色",
    "Line spacing": "行距",
    "Listen": "朗读",
    "Loading comments…": "正在加载评论…",
    "Loading more comments…": "正在加载更多评论…",
    "Loading stories…": "正在加载文章…",
    "Loading the article…": "正在加载文章…",
    "Loading…": "正在加载…",
    "Loose": "宽松",
    "Main": "主导航",
    "Medium": "中",
    "More comments could not load: %s": "更多评论无法加载：%s",
    "More from %s": "更多“%s”文章",
    "More stories": "更多文章",
    "Name": "昵称",
    "Narrow": "窄",
    "Newest": "最新",
    "Next article": "下一篇",
    "No comments yet. Start the conversation.": "还没有评论。来开启讨论吧。",
    "No replies yet. When someone answers a comment you posted from this device, it shows here.": "还没有回复。有人回复你在此设备上发表的评论时，会显示在这里。",
    "No stories here": "这里没有文章",
    "Normal": "正常",
    "Not available — %s": "无法访问 — %s",
    "Not found — %s": "找不到 — %s",
    "Nothing here yet. Articles you open are kept for a while; use “Save for offline” to keep one for good.": "这里还什么都没有。你打开的文章会保留一段时间；点“离线保存”可以长期保留。",
    "Nothing to preview yet.": "还没有可预览的内容。",
    "Offline": "离线",
    "Older stories in %s%s.": "%s的较早文章%s。",
    "Older stories · page %d": "较早的文章 · 第 %d 页",
    "Older stories%s — %s": "较早的文章%s — %s",
    "Older →": "较早 →",
    "Oldest": "最早",
    "Open in ": "在 ",
    "Opening from this device…": "正在从此设备打开…",
    "Pages": "分页",
    "Pause": "暂停",
    "Post comment": "发表评论",
    "Post reply": "发表回复",
    "Preview": "预览",
    "Reactions": "表情回应",
    "Read on": "继续阅读",
    "Reading progress": "阅读进度",
    "Reading settings": "阅读设置",
    "Reload": "重新加载",
    "Remove": "移除",
    "Remove %s from this device": "从此设备移除《%s》",
    "Removed": "已删除",
    "Replies": "回复",
    "Replies to you": "给你的回复",
    "Replies — %s": "回复 — %s",
    "Reply": "回复",
    "Resume": "继续",
    "Retry": "重试",
    "Sans": "无衬线",
    "Save": "保存",
    "Save for offline": "离线保存",
    "Save for offline: %s": "离线保存：%s",
    "Saved": "已保存",
    "Saved for offline": "已离线保存",
    "Saved — %s": "已保存 — %s",
    "Saving when back online": "联网后保存",
    "Saving…": "正在保存…",
    "Saving… %d of %d": "正在保存… 第 %d 项，共 %d 项",
    "Score": "得分",
    "Search": "搜索",
    "Search the articles kept on this device, even offline.": "搜索此设备上保存的文章，离线也可以。",
    "Search the articles on this device": "搜索此设备上的文章",
    "Search — %s": "搜索 — %s",
    "See what is saved": "查看已保存的内容",
    "Sepia": "棕褐",
    "Serif": "衬线",
    "Share": "分享",
    "Share quote": "分享引文",
    "Show more comments (%d more)": "显示更多评论（还有 %d 条）",
    "Skip to comments": "跳到评论",
    "Skip to content": "跳到正文",
    "Sort comments": "评论排序",
    "Sort:": "排序：",
    "Source: ": "来源：",
    "Speed": "语速",
    "Stop": "停止",
    "Stories on this page": "本页文章",
    "Stories tagged %s in %s.": "标签为“%s”的 %s 文章。",
    "Tagged ": "标签 ",
    "Text size": "字号",
    "The comments could not load because of a problem on our server. Try again in a moment.": "服务器出了问题，评论无法加载。请稍后再试。",
    "The comments could not load: the network cannot be reached. Check your connection, then try again.": "评论无法加载：无法连接网络。请检查网络连接后重试。",
    "The front page could not load": "首页无法加载",
    "Theme": "主题",
    "There are no stories with this tag yet.": "这个标签下还没有文章。",
    "There is no article at this address. It may have moved.": "此地址没有文章，它可能已被移走。",
    "This article could not load": "文章无法加载",
    "This article is not available": "这篇文章无法访问",
    "This article is not saved on this device yet. Articles you open or save can be read without a network.": "这篇文章尚未保存在此设备上。你打开或保存过的文章可以在无网络时阅读。",
    "This comment was removed.": "这条评论已被移除。",
    "This could not load": "无法加载",
    "This page is past the oldest story.": "本页已超出最早的文章。",
    "Tight": "紧凑",
    "Try again": "重试",
    "Typeface": "字体",
    "Vote down": "反对",
    "Vote up": "赞成",
    "Website (leave empty)": "网站（请留空）",
    "Wide": "宽",
    "You are offline": "你已离线",
    "You are offline. Comments as of %s.": "你已离线。评论截至 %s。",
    "Your comment": "你的评论",
    "Your private feed address": "你的私密订阅地址",
    "Your reply": "你的回复",
    "a removed comment": "一条已删除的评论",
    "awaiting approval": "等待审核",
    "edited": "已编辑",
    "just now": "刚刚",
    "not posted": "未发表",
    "pinned": "已置顶",
    "read %s": "%s阅读",
    "replying to ": "回复 ",
    "saved %s": "%s保存",
    "sending…": "正在发送…",
    "waiting for network": "等待网络",
    "waiting to send: too many comments, retrying in %d s": "等待发送：评论太多，%d 秒后重试",
    "{n} min left": "还剩 {n} 分钟",
    "← Newer": "← 较新"
  };
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December"];
  function choose() {
    var m = /(?:^|;\s*)folio-lang=(en|zh)(?:;|$)/.exec(document.cookie);
    if (m) return m[1];
    var list = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ""];
    for (var i = 0; i < list.length; i++) {
      var p = String(list[i]).toLowerCase().split(/[-_]/)[0];
      if (p === "en" || p === "zh") return p;
    }
    return "en";
  }
  var lang = choose();
  var tag = lang === "zh" ? "zh-Hans" : "en";
  var root = document.documentElement;
  if (root.getAttribute("lang") !== tag) root.setAttribute("lang", tag);
  function t(key) {
    return lang === "zh" && Object.prototype.hasOwnProperty.call(zh, key) ? zh[key] : key;
  }
  function f(key) {
    var args = arguments, i = 1;
    return t(key).replace(/%[sd%]/g, function (v) { return v === "%%" ? "%" : String(args[i++]); });
  }
  function n(count, one, other) {
    return count === 1 && lang === "en" ? f(one, count) : f(other, count);
  }
  function pad(v) { return v < 10 ? "0" + v : String(v); }
  // format writes d by one of the catalogue's layouts, in local time.
  function format(d, layout) {
    return t(layout).replace(/2006|January|Jan|15|04|1|2/g, function (k) {
      switch (k) {
        case "2006": return String(d.getFullYear());
        case "January": return MONTHS[d.getMonth()];
        case "Jan": return MONTHS[d.getMonth()].slice(0, 3);
        case "15": return pad(d.getHours());
        case "04": return pad(d.getMinutes());
        case "1": return String(d.getMonth() + 1);
        default: return String(d.getDate());
      }
    });
  }
  window.folioI18n = {
    lang: lang, tag: tag, zh: zh, t: t, f: f, n: n, format: format,
    date: function (d) { return format(d, "2 January 2006"); },
    dateTime: function (d) { return format(d, "2 Jan 2006, 15:04"); }
  };
})();
