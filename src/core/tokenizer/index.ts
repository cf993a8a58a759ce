export { Encoder, type EncodeOptions } from './encoder';
export type { TextTokenizer } from './textTokenizer';
export { EncoderLoader, type RankFileReader } from './encoderLoader';
export {
  DEFAULT_ENCODING,
  ENCODINGS,
  ENCODING_NAMES,
  describeEncodingNames,
  resolveEncodingName,
  type EncodingInfo,
  type EncodingName,
} from './encodings';
export { TokenBuffer, type TokenSpans } from './tokenBuffer';
