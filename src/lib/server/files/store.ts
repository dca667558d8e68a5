import { getContext } from '../context';
import { diskFileStore, type FileStore } from './storage';

const stores = new Map<string, FileStore>();

/** This process's file store: the disk store under the configured files folder (FLOORBOARD_FILES_DIR). */
export function fileStore(): FileStore {
	const root = getContext().config.filesDir;
	let store = stores.get(root);
	if (!store) stores.set(root, (store = diskFileStore(root)));
	return store;
}
