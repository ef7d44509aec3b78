/*
 * Material's search worker, with each word the reader types reduced to its stem first.
 *
 * Why: Material turns every word of the query into a prefix search («выпускников» → «выпускников*»), and
 * lunr does not run a wildcard term through the stemmer, while the index holds stems («выпускник»). So a
 * one-word query in any inflected form found nothing. Stemming the words here, before Material's worker
 * sees them, makes «выпускников», «выпускники» and «выпускника» all search for «выпускник*».
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
    var lower = word.toLowerCase()
    for (var i = 0; i < stemmers.length; i++) {
      var token = stemmers[i](new self.lunr.Token(lower, {}))
      var stemmed = token && token.toString()
      // A stem is a prefix of the word; anything else (an unknown form) is left as typed.
      if (stemmed && stemmed.length >= 2 && lower.indexOf(stemmed) === 0) return stemmed
    }
    return lower
  }

  function stemQuery(query) {
    var separator = self.lunr.tokenizer.separator
    var words = String(query).split(/(\s+)/)
    return words.map(function (chunk) {
      if (/^\s+$/.test(chunk) || /["+\-:~^*]/.test(chunk)) return chunk
      return chunk.split(separator).map(stem).join(" ")
    }).join("")
  }

  addEventListener("message", function (event) {
    var message = event.data
    if (message && message.type === SETUP) {
      // Material loads lunr and the language files in this setup step; the stemmers exist only after it.
      var config = message.data && message.data.config ? message.data.config : {}
      var ready = materialHandlers.map(function (handler) { return handler.call(self, event) })
      Promise.all(ready).then(function () { stemmers = stemmersFor(config) })
      return
    }
    if (message && message.type === QUERY && typeof message.data === "string" && self.lunr) {
      event = { data: { type: QUERY, data: stemQuery(message.data) } }
    }
    materialHandlers.forEach(function (handler) { handler.call(self, event) })
  })
})()
