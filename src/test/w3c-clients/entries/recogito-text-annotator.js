// window.RecogitoText: the parts of Recogito's Text Annotator that make and read its W3C annotations.
export {
  rangeToSelector,
  reviveSelector,
  reviveTarget,
  W3CTextFormat,
  serializeW3CTextAnnotation,
  parseW3CTextAnnotation,
  createBody,
} from '@recogito/text-annotator';
