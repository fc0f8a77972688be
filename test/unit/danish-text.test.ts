import { describe, expect, it } from 'vitest'
import { formatNumber, formatPeriod, parseNumber, parsePeriod, safeHref, targetSentence } from '../../schema'
import { targetSpecToAttrs } from '../../schema/build'

describe('Danish numbers', () => {
  it.each([
    ['12.500', 12500], ['10,4', 10.4], ['1.234,5', 1234.5], ['-63', -63], ['681', 681], ['0,5', 0.5], ['10.5', 10.5], [' 600 ', 600], ['\u22123', -3]
  ])('parses %s', (text, value) => expect(parseNumber(text)).toBe(value))

  it.each(['', 'abc', '12a', '1,2,3', '--1'])('refuses %j', (text) => expect(parseNumber(text)).toBeNull())

  it('formats as Danish readers write', () => {
    expect(formatNumber(12500)).toBe('12.500')
    expect(formatNumber(10.4)).toBe('10,4')
    expect(formatNumber(1250)).toBe('1250')
    expect(formatNumber(1248.5, 'en')).toBe('1,248.5')
    expect(formatNumber(-63)).toBe('-63')
  })
})

describe('periods', () => {
  it.each([
    ['december 2013', '2013-12'], ['ultimo 2015', '2015-12'], ['primo 2016', '2016-01'], ['2015', '2015'], ['4. kvartal 2015', '2015-Q4'], ['2015-q4', '2015-Q4'], ['i marts 2019', '2019-03']
  ])('reads %s', (text, period) => expect(parsePeriod(text)).toBe(period))

  it('writes periods in words', () => {
    expect(formatPeriod('2013-12')).toBe('december 2013')
    expect(formatPeriod('2015-Q4')).toBe('4. kvartal 2015')
    expect(formatPeriod('2019-06-30')).toBe('30. juni 2019')
    expect(formatPeriod('2013-12', 'en')).toBe('December 2013')
  })
})

describe('target sentences', () => {
  const attrs = (spec: Parameters<typeof targetSpecToAttrs>[0]) => targetSpecToAttrs(spec, 'id')
  it('reads each kind as a sentence', () => {
    expect(targetSentence(attrs({ kind: 'level', indicator: 'Langtidsledigheden', targetGroup: '', unit: 'persons', baseline: { value: 681, period: '2013-12' }, target: { value: 600, period: '2015-12', comparator: '<=' } })))
      .toBe('Langtidsledigheden skal gå fra 681 personer i december 2013 til højst 600 personer i december 2015')
    expect(targetSentence(attrs({ kind: 'change', indicator: 'Antal borgere på ledighedsydelse', targetGroup: '', unit: 'percent', baseline: { value: null, period: '2014-12' }, target: { value: -15, period: '2015-12', comparator: '<=' } })))
      .toBe('Antal borgere på ledighedsydelse skal i december 2015 være reduceret med mindst 15 % sammenlignet med december 2014')
    expect(targetSentence(attrs({ kind: 'rate', indicator: 'Nye jobåbninger', targetGroup: '', unit: 'count', per: 'month', target: { value: 15, period: null, comparator: '>=' } })))
      .toBe('Nye jobåbninger: mindst 15 pr. måned')
    expect(targetSentence(attrs({ kind: 'milestone', indicator: 'Metodegrundlaget implementeres', targetGroup: '', unit: 'count', done: true, target: { value: null, period: '2019-12', comparator: '=' } })))
      .toBe('Metodegrundlaget implementeres – gennemføres senest december 2019 (gennemført)')
    expect(targetSentence(attrs({ kind: 'share', indicator: 'Andel lange sager', targetGroup: 'ledighedsydelse', unit: 'percent', target: { value: 20, period: '2015-12', comparator: '<=' } }), 'en'))
      .toBe('Andel lange sager must make up at most 20 % in December 2015 (target group: ledighedsydelse)')
  })
  it('never throws on garbage', () => {
    expect(targetSentence({ kind: 42, targetValue: 'x', unit: {} })).toContain('?')
  })
})

describe('links', () => {
  it.each(['javascript:alert(1)', ' JavaScript:alert(1)', 'java\nscript:alert(1)', 'data:text/html,x', 'vbscript:x'])('refuses %j', (href) => expect(safeHref(href)).toBeNull())
  it.each(['https://star.dk', 'mailto:jobcenter@example.dk', '/plan/x', '#mål'])('keeps %j', (href) => expect(safeHref(href)).toBe(href))
})
