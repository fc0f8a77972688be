import { describe, expect, it } from 'vitest'
import { formatNumber, formatPeriod, parseNumber, parsePeriod, safeHref, targetSentence } from '../../schema'
import { targetSpecToAttrs } from '../../schema/build'

describe('Danish numbers', () => {
  it.each([
    ['12.500', 12500],
    ['10,4', 10.4],
    ['1.234,5', 1234.5],
    ['-63', -63],
    ['681', 681],
    ['0,5', 0.5],
    ['10.5', 10.5],
    [' 600 ', 600],
    ['\u22123', -3]
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
    ['december 2013', '2013-12'],
    ['ultimo 2015', '2015-12'],
    ['primo 2016', '2016-01'],
    ['2015', '2015'],
    ['4. kvartal 2015', '2015-Q4'],
    ['2015-q4', '2015-Q4'],
    ['i marts 2019', '2019-03']
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
    expect(
      targetSentence(
        attrs({
          kind: 'level',
          indicator: 'Langtidsledigheden',
          targetGroup: '',
          unit: 'persons',
          baseline: { value: 681, period: '2013-12' },
          target: { value: 600, period: '2015-12', comparator: '<=' }
        })
      )
    ).toBe('Langtidsledigheden skal gå fra 681 personer i december 2013 til højst 600 personer i december 2015')
    expect(
      targetSentence(
        attrs({
          kind: 'change',
          indicator: 'Antal borgere på ledighedsydelse',
          targetGroup: '',
          unit: 'percent',
          baseline: { value: null, period: '2014-12' },
          target: { value: -15, period: '2015-12', comparator: '<=' }
        })
      )
    ).toBe('Antal borgere på ledighedsydelse skal i december 2015 være reduceret med mindst 15 % sammenlignet med december 2014')
    expect(
      targetSentence(
        attrs({
          kind: 'rate',
          indicator: 'Nye jobåbninger',
          targetGroup: '',
          unit: 'count',
          per: 'month',
          target: { value: 15, period: null, comparator: '>=' }
        })
      )
    ).toBe('Nye jobåbninger: mindst 15 pr. måned')
    expect(
      targetSentence(
        attrs({
          kind: 'milestone',
          indicator: 'Metodegrundlaget implementeres',
          targetGroup: '',
          unit: 'count',
          done: true,
          target: { value: null, period: '2019-12', comparator: '=' }
        })
      )
    ).toBe('Metodegrundlaget implementeres – gennemføres senest december 2019 (gennemført)')
    expect(
      targetSentence(
        attrs({
          kind: 'share',
          indicator: 'Andel lange sager',
          targetGroup: 'ledighedsydelse',
          unit: 'percent',
          target: { value: 20, period: '2015-12', comparator: '<=' }
        }),
        'en'
      )
    ).toBe('Andel lange sager must make up at most 20 % in December 2015 (target group: Flex-job benefit)')
  })
  it('never throws on garbage, and writes no "?" for it', () => {
    expect(targetSentence({ kind: 42, targetValue: 'x', unit: {} })).toBe('Målet skal gå til et endnu ikke fastsat antal')
  })

  // Issue #15: "reduceret med mindst 1 uger sammenlignet med ?" read badly.
  it('leaves out missing periods and names missing values in words, never "?"', () => {
    const change = attrs({
      kind: 'change',
      indicator: 'Varigheden på A-dagpenge',
      targetGroup: '',
      unit: 'weeks',
      baseline: { value: null, period: null },
      target: { value: -1, period: '2015', comparator: '<=' }
    })
    expect(targetSentence(change)).toBe('Varigheden på A-dagpenge skal i 2015 være reduceret med mindst 1 uge')
    expect(targetSentence(change, 'en')).toBe('Varigheden på A-dagpenge must in 2015 be reduced by at least 1 week')
    expect(
      targetSentence(
        attrs({
          kind: 'level',
          indicator: 'Langtidsledigheden',
          targetGroup: '',
          unit: 'persons',
          baseline: { value: null, period: '2013-12' },
          target: { value: null, period: null, comparator: '<=' }
        })
      )
    ).toBe('Langtidsledigheden skal gå fra niveauet i december 2013 til højst et endnu ikke fastsat antal personer')
    expect(
      targetSentence(
        attrs({
          kind: 'share',
          indicator: 'Andel i job',
          targetGroup: '',
          unit: 'percent',
          baseline: { value: 40, period: null },
          target: { value: 50, period: null, comparator: '>=' }
        })
      )
    ).toBe('Andel i job skal udgøre mindst 50 % mod 40 %')
    expect(
      targetSentence(
        attrs({
          kind: 'change',
          indicator: 'Antal sager',
          targetGroup: '',
          unit: 'count',
          baseline: { value: null, period: '2014' },
          target: { value: null, period: null, comparator: '=' }
        })
      )
    ).toBe('Antal sager skal være ændret med et endnu ikke fastsat antal sammenlignet med 2014')
    expect(
      targetSentence(
        attrs({
          kind: 'milestone',
          indicator: 'Metoden er i brug',
          targetGroup: '',
          unit: 'count',
          baseline: null,
          target: { value: null, period: null, comparator: '=' }
        })
      )
    ).toBe('Metoden er i brug – gennemføres (ikke gennemført endnu)')
  })

  it('writes a unit in the singular for one and in the plural otherwise', () => {
    const level = (value: number, unit: 'persons' | 'fullTimePersons' | 'weeks') =>
      targetSentence(attrs({ kind: 'level', indicator: 'X', targetGroup: '', unit, baseline: null, target: { value, period: '2020', comparator: '=' } }))
    expect([
      level(1, 'persons'),
      level(2, 'persons'),
      level(1, 'fullTimePersons'),
      level(1.5, 'fullTimePersons'),
      level(1, 'weeks'),
      level(0, 'weeks')
    ]).toEqual([
      'X skal gå til 1 person i 2020',
      'X skal gå til 2 personer i 2020',
      'X skal gå til 1 årsperson i 2020',
      'X skal gå til 1,5 årspersoner i 2020',
      'X skal gå til 1 uge i 2020',
      'X skal gå til 0 uger i 2020'
    ])
  })
})

describe('links', () => {
  it.each(['javascript:alert(1)', ' JavaScript:alert(1)', 'java\nscript:alert(1)', 'data:text/html,x', 'vbscript:x'])('refuses %j', (href) =>
    expect(safeHref(href)).toBeNull()
  )
  it.each(['https://star.dk', 'mailto:jobcenter@example.dk', '/plan/x', '#mål'])('keeps %j', (href) => expect(safeHref(href)).toBe(href))
})
