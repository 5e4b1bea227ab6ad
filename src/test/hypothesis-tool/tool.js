// A script written against Hypothesis' API with a third-party client library (hypothesis-api-client,
// https://github.com/haritzmedina/hypothesis-api-client), pointed at Scholion by its base URI alone:
// what a teaching assistant's nightly script would do. Run by HypothesisToolTest; prints one JSON line
// per step and exits non-zero at the first error.
const HypothesisClient = require('hypothesis-api-client')

const { H_API, H_TOKEN, DOC_URI, GROUP, EXACT, WORD } = process.env
const client = new HypothesisClient(H_TOKEN, { baseURI: H_API })
const step = (name, value) => console.log(JSON.stringify({ step: name, value }))
const fail = (err) => { console.error(String(err && err.stack || err)); process.exit(1) }
const call = (fn, ...args) => new Promise((resolve, reject) => fn.call(client, ...args, (err, res) => err ? reject(err) : resolve(res)))

;(async () => {
  const profile = await call(client.getUserProfile)
  step('profile', profile.userid)
  const created = await call(client.createNewAnnotation, {
    uri: DOC_URI,
    group: GROUP,
    permissions: { read: ['group:' + GROUP] },
    text: 'Written by a Hypothesis tool ' + WORD,
    tags: ['tool'],
    target: [{ source: DOC_URI, selector: [{ type: 'TextQuoteSelector', exact: EXACT }] }]
  })
  step('created', created.id)
  const found = await call(client.searchAnnotations, { group: GROUP, uri: DOC_URI, limit: 500 })
  step('search', found.map(a => a.id))
  const fetched = await call(client.fetchAnnotation, created.id)
  step('fetched', fetched.target[0].selector.find(s => s.type === 'TextQuoteSelector').exact)
  const updated = await call(client.updateAnnotation, created.id, { text: 'Updated by a Hypothesis tool ' + WORD })
  step('updated', updated.text)
  const deleted = await call(client.deleteAnnotation, created.id)
  step('deleted', deleted)
})().catch(fail)
