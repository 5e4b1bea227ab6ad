// window.ApacheAnnotator: Apache Annotator's DOM selectors, as its README uses them.
export {
  describeTextQuote,
  describeTextPosition,
  createTextQuoteSelectorMatcher,
  createTextPositionSelectorMatcher,
} from '@apache-annotator/dom';
