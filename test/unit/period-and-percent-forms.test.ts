// Issue #15 ("Honest numbers"): period fields accept the forms Danes write,
// percentage fields accept "15 %"; garbage is refused with null, never a guess.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { formatPeriod, isPeriod, parsePercent, parsePeriod } from '../../schema'

describe('period forms people write', () => {
  it.each([
    // the list
    ['dec. 2019', '2019-12'],
    ['31.12.2019', '2019-12-31'],
    ['Q4 2019', '2019-Q4'],
    ['1. halvår 2020', '2020-H1'],
    ['jan 2020', '2020-01'],
    // months, abbreviated or not, with or without a dot, Danish or English
    ['december 2019', '2019-12'],
    ['Dec 2019', '2019-12'],
    ['jan. 2020', '2020-01'],
    ['feb. 2021', '2021-02'],
    ['mar. 2021', '2021-03'],
    ['marts 2021', '2021-03'],
    ['maj 2020', '2020-05'],
    ['okt. 2018', '2018-10'],
    ['sept. 2018', '2018-09'],
    ['October 2018', '2018-10'],
    ['i marts 2019', '2019-03'],
    ['ultimo december 2019', '2019-12'],
    // days
    ['31/12/2019', '2019-12-31'],
    ['1.3.2020', '2020-03-01'],
    ['30. juni 2019', '2019-06-30'],
    ['30. jun. 2019', '2019-06-30'],
    ['den 1. januar 2020', '2020-01-01'],
    ['30 June 2019', '2019-06-30'],
    ['29.02.2020', '2020-02-29'],
    ['2019-12-31', '2019-12-31'],
    // month numbers
    ['12.2019', '2019-12'],
    ['3/2020', '2020-03'],
    ['2019-12', '2019-12'],
    // quarters and halves
    ['4. kvartal 2019', '2019-Q4'],
    ['4. kvt. 2019', '2019-Q4'],
    ['q1 2020', '2020-Q1'],
    ['2019 Q4', '2019-Q4'],
    ['2015-q4', '2015-Q4'],
    ['2. halvår 2020', '2020-H2'],
    ['første halvår 2020', '2020-H1'],
    ['andet halvår 2020', '2020-H2'],
    ['H2 2020', '2020-H2'],
    ['2020-H1', '2020-H1'],
    // years and their ends
    ['2019', '2019'],
    ['  2019 ', '2019'],
    ['ultimo 2015', '2015-12'],
    ['udgangen af 2015', '2015-12'],
    ['primo 2016', '2016-01'],
    ['end of 2015', '2015-12']
  ])('reads %j as %s', (text, period) => {
    expect(parsePeriod(text)).toBe(period)
    expect(isPeriod(period)).toBe(true)
  })

  it.each([
    '',
    'snart',
    'dec.',
    '2019 dec 2019',
    '13.2019',
    '31.02.2019',
    '32.12.2019',
    '0.12.2019',
    '5. kvartal 2019',
    'Q5 2019',
    '3. halvår 2020',
    '19',
    '20199',
    'december',
    'decembe 2019',
    '2019-13',
    '2019-02-30'
  ])('refuses %j with null', (text) => expect(parsePeriod(text)).toBeNull())

  it('writes halves in words', () => {
    expect(formatPeriod('2020-H1')).toBe('1. halvår 2020')
    expect(formatPeriod('2020-H2', 'en')).toBe('H2 2020')
  })

  it('reads back what formatPeriod writes, in either language', () => {
    const year = fc.integer({ min: 1990, max: 2099 })
    const period = fc.oneof(
      year.map(String),
      fc.tuple(year, fc.integer({ min: 1, max: 12 })).map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`),
      fc
        .tuple(year, fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }))
        .map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
      fc.tuple(year, fc.integer({ min: 1, max: 4 })).map(([y, q]) => `${y}-Q${q}`),
      fc.tuple(year, fc.integer({ min: 1, max: 2 })).map(([y, h]) => `${y}-H${h}`)
    )
    fc.assert(
      fc.property(period, fc.constantFrom('da' as const, 'en' as const), (p, lang) => {
        expect(parsePeriod(formatPeriod(p, lang))).toBe(p)
        expect(parsePeriod(p)).toBe(p)
      })
    )
  })
})

describe('percentage forms', () => {
  it.each([
    ['15 %', 15],
    ['15%', 15],
    ['-15 %', -15],
    ['\u221215 %', -15],
    ['10,5 %', 10.5],
    ['15 pct.', 15],
    ['15 procent', 15],
    ['15', 15],
    ['12.500 %', 12500],
    ['15\u00a0%', 15]
  ])('reads %j as %d', (text, value) => expect(parsePercent(text)).toBe(value))

  it.each(['', '%', 'femten %', '15 % %', '15 kr.', '% 15'])('refuses %j with null', (text) => expect(parsePercent(text)).toBeNull())
})
