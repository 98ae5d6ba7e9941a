export { type HatsCatalog, type HatsPartition, isHatsCatalog, openHats, streamHats } from '../io/hats.js';
export { BASELINE_BYTES, chooseTileOrder, parseMemory, planTileBudget, type TilePlan } from './budget.js';
export { partitionCatalog, readTile, TILE_ROW_COLUMN, type TileStore } from './partition.js';
export { type CatalogSource, openCatalogSource } from './source.js';
export { splitIntoTiles, subsetCatalog } from './split.js';
export { associateTiles, type TiledSummary, type TileInput } from './tiled-associate.js';
export { TileMapper } from './tiles.js';
