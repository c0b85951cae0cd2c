export { validateXarf } from './validate';
export { mapXarfReport } from './map';
export type {
  XarfCategory,
  XarfContact,
  XarfDsaCategory,
  XarfError,
  XarfEvidenceItem,
  XarfMapping,
  XarfReport,
  XarfUnsupported,
  XarfValidationResult,
} from './types';
