import { describe, expect, it } from 'vitest'
import { bumpVv, compareVv, maxVv, parseVv, resolvedVv, sumVv, vvText } from '../../database/merge/vv'

describe('version vectors', () => {
  it('compare: equal, one dominates (has seen everything the other has), or concurrent', () => {
    expect(compareVv({}, {})).toBe('equal')
    expect(compareVv({ A: 2, B: 1 }, { B: 1, A: 2 })).toBe('equal')
    expect(compareVv({ A: 2 }, { A: 1 })).toBe('mine')
    expect(compareVv({ A: 1 }, {})).toBe('mine')
    expect(compareVv({ A: 1 }, { A: 1, B: 1 })).toBe('theirs')
    expect(compareVv({ A: 2 }, { A: 1, B: 1 })).toBe('concurrent')
  })

  it('merge by maximum, add up a tombstone’s history to a row made again, count one more change', () => {
    expect(maxVv({ A: 2, B: 1 }, { B: 3, C: 1 })).toEqual({ A: 2, B: 3, C: 1 })
    expect(sumVv({ A: 3 }, { A: 1, B: 1 })).toEqual({ A: 4, B: 1 })
    expect(bumpVv({ A: 1 }, 'B')).toEqual({ A: 1, B: 1 })
    const resolved = resolvedVv({ A: 2 }, { B: 1 }, 'A')
    expect(resolved).toEqual({ A: 3, B: 1 })
    expect(compareVv(resolved, { A: 2 })).toBe('mine')
    expect(compareVv(resolved, { B: 1 })).toBe('mine')
  })

  it('read what triggers write, tolerate damage, and write sorted keys', () => {
    expect(parseVv('{"b":1,"a":2}')).toEqual({ a: 2, b: 1 })
    expect(parseVv('{}')).toEqual({})
    expect(parseVv('not json')).toEqual({})
    expect(parseVv('[1,2]')).toEqual({})
    expect(parseVv('{"a":"x","b":0,"c":3}')).toEqual({ c: 3 })
    expect(vvText({ b: 1, a: 2 })).toBe('{"a":2,"b":1}')
  })
})
