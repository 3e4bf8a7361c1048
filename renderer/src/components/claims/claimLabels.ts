import type { ClaimStatus } from '@domain/vocabulary'

/** The colour of a claim's status tag: waiting in blue and orange, returned in grey, done in green. */
export function claimStatusType(status: ClaimStatus): 'primary' | 'success' | 'warning' | 'info' | 'danger' {
  switch (status) {
    case 'received':
      return 'primary'
    case 'under_verification':
      return 'warning'
    case 'verified':
    case 'paid':
      return 'success'
    default:
      return 'info'
  }
}
