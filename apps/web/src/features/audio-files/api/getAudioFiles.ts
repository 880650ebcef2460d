export { getAudioFiles, useAudioFileList as useAudioFiles } from '../../../shared/api/lookups.ts';
