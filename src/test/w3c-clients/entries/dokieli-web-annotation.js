// window.DokieliAnnotation: dokieli's Web Annotation library, the functions dokieli's own
// annotation form calls (selectionToSelectors, createAnnotation, serializeAnnotationToJSONLD)
// and the ones it reads annotations back with (parseAnnotation, resolveSelectorToRange).
export {
  rangeToSelectors,
  selectionToSelectors,
  getSelectedParentElement,
  createAnnotation,
  generateId,
  serializeAnnotationToJSONLD,
  parseAnnotation,
  parseStoredAnnotation,
  resolveSelectorToRange,
} from '@dokieli/web-annotation';
