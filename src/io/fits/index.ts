export {
  type FitsReadOptions,
  fitsColumnNames,
  type HduInfo,
  type HduSelector,
  listFitsHdus,
  readFits,
  readFitsRows,
  streamFits,
} from './reader.js';
export { createFitsWriter, type FitsWriter, type FitsWriterOptions, writeFits } from './writer.js';
