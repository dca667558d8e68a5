/** History rows files and proofs write (issue 21); `data` carries the file's id, name and proof version. */
export type FileEventKind =
	'file_added' | 'file_removed' | 'proof_attached' | 'proof_approved' | 'proof_changes_requested';
