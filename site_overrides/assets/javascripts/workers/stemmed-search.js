/*
 * Material's search worker, with each word the reader types reduced to its stem first.
 *
 * Why: Material turns every word of the query into a prefix search («выпускников» → «выпускников*»), and
 * lunr does not run a wildcard term through the stemmer, while the index holds stems («выпускник»). So a
 * one-word query in any inflected form found nothing. Stemming the words here, before Material's worker
 * sees them, makes «выпускников», «выпускники» and «выпускника» all search for «выпускник*».
 *
 * Also here, as a reader expects of a Russian search:
 * - «ё» and «е» are one letter: every word is folded to «е», the reader's query here and the pages' words
 *   as lunr indexes them (lunr.Pipeline.run is wrapped), so «Березовский» finds «Берёзовский»;
 * - a fleeting vowel: «рынок» is stemmed to «рынок», while the pages say «рынка», «рынке» (stem «рынк»),
 *   so a word ending in vowel + consonant also searches the form without that vowel;
 * - short forms: search-synonyms.json (beside this file) maps a word as typed («профпробы») to the words it
 *   stands for («профессиональные пробы»); both sides are stemmed here, so the file holds plain words.
 * Material joins the words of a query with OR, so each extra word widens the search and ranks the pages
 * that hold all of them first.
 *
 * The original worker is named in the query string (?worker=search.<hash>.min.js, set in main.html), so a
 * Material upgrade that renames it needs no change here; this file sits next to it so that the worker's
 * own relative paths (../lunr/…) still resolve.
 */
(function () {
  "use strict"

  var original = new URLSearchParams(self.location.search).get("worker")
  if (!/^search\.[0-9a-f]+\.min\.js$/.test(original || "")) {
    throw new Error("stemmed-search: unexpected worker name " + original)
  }

  // Material registers its message handler with addEventListener: keep it instead, to call it ourselves.
  var materialHandlers = []
  var addEventListener = self.addEventListener.bind(self)
  self.addEventListener = function (type, listener, options) {
    if (type === "message") materialHandlers.push(listener)
    else addEventListener(type, listener, options)
  }
  importScripts(original)
  self.addEventListener = addEventListener

  function fold(text) {
    return String(text).replace(/ё/g, "е").replace(/Ё/g, "Е")
  }

  // The pages' words: folded before lunr's trimmer, stop words and stemmer see them.
  var run = self.lunr.Pipeline.prototype.run
  self.lunr.Pipeline.prototype.run = function (tokens) {
    tokens.forEach(function (token) { token.update(fold) })
    return run.call(this, tokens)
  }

  // Short forms: {"профпробы": ["профессиональные пробы"], …}, read once, synchronously (a worker may).
  var synonymsSource = {}
  try {
    var request = new XMLHttpRequest()
    request.open("GET", new URL("search-synonyms.json", self.location.href).href, false)
    request.send(null)
    if (request.status === 200) synonymsSource = JSON.parse(request.responseText)
  } catch (problem) {
    synonymsSource = {}
  }
  var synonyms = null // stem of a short form → the stems it stands for; built once the stemmers exist

  var SETUP = 0
  var QUERY = 2
  var stemmers = []

  function stemmersFor(config) {
    var pipeline = config.pipeline || []
    if (pipeline.indexOf("stemmer") < 0) return []
    return (config.lang || []).map(function (lang) {
      if (lang === "en") return self.lunr.stemmer
      return self.lunr[lang] && self.lunr[lang].stemmer
    }).filter(Boolean)
  }

  function stem(word) {
    // Only plain words: lunr's query syntax (+required, -excluded, field:, ~fuzzy, ^boost, *) passes as typed.
    if (!word || /[+\-:~^*"]/.test(word)) return word
    var lower = fold(word.toLowerCase())
    for (var i = 0; i < stemmers.length; i++) {
      var token = stemmers[i](new self.lunr.Token(lower, {}))
      var stemmed = token && token.toString()
      // A stem is a prefix of the word; anything else (an unknown form) is left as typed.
      if (stemmed && stemmed.length >= 2 && lower.indexOf(stemmed) === 0) return stemmed
    }
    return lower
  }

  function words(text) {
    return fold(String(text).toLowerCase()).split(self.lunr.tokenizer.separator).filter(Boolean)
  }

  function synonymsFor(stemmed) {
    if (synonyms === null) {
      synonyms = {}
      Object.keys(synonymsSource).forEach(function (key) {
        var k = stem(fold(key.toLowerCase()))
        var target = synonyms[k] = synonyms[k] || []
        ;[].concat(synonymsSource[key]).forEach(function (phrase) {
          words(phrase).forEach(function (w) { target.push(stem(w)) })
        })
      })
    }
    return Object.prototype.hasOwnProperty.call(synonyms, stemmed) ? synonyms[stemmed] : []
  }

  // «рынок» → also «рынк», «конец» → «конц»: the stem's last vowel dropped before its final consonant.
  var FLEETING = /^(.*[^аеиоуыэюяьъй])[оеё]([бвгджзклмнпрстфхцчшщ])$/

  function expand(word) {
    var stemmed = stem(word)
    if (!stemmed || /[+\-:~^*"]/.test(word)) return [stemmed]
    var all = [stemmed]
    var fleeting = FLEETING.exec(stemmed)
    // Only a word the stemmer left whole (a nominative such as «рынок»), of five letters or more.
    if (fleeting && stemmed === fold(word.toLowerCase()) && stemmed.length >= 5) all.push(fleeting[1] + fleeting[2])
    synonymsFor(stemmed).forEach(function (s) { if (all.indexOf(s) < 0) all.push(s) })
    return all
  }

  function stemQuery(query) {
    var separator = self.lunr.tokenizer.separator
    var chunks = fold(String(query)).split(/(\s+)/)
    return chunks.map(function (chunk) {
      if (/^\s+$/.test(chunk) || /["+\-:~^*]/.test(chunk)) return chunk
      return chunk.split(separator).map(function (word) { return expand(word).join(" ") }).join(" ")
    }).join("")
  }

  addEventListener("message", function (event) {
    var message = event.data
    if (message && message.type === SETUP) {
      // Material loads lunr and the language files in this setup step; the stemmers exist only after it.
      var config = message.data && message.data.config ? message.data.config : {}
      var ready = materialHandlers.map(function (handler) { return handler.call(self, event) })
      Promise.all(ready).then(function () {
        stemmers = stemmersFor(config)
        synonyms = null // built again with the stemmers
      })
      return
    }
    if (message && message.type === QUERY && typeof message.data === "string" && self.lunr) {
      event = { data: { type: QUERY, data: stemQuery(message.data) } }
    }
    materialHandlers.forEach(function (handler) { handler.call(self, event) })
  })
})()
