/**
 * HELD-OUT TEST TEMPLATES. Written before the rules and the model, and kept apart from them: nothing in
 * libs/triage/src/classifier and nothing in dev-templates.ts was written from this file, and no threshold is
 * chosen on what it generates. Its families, phrasings, names, places and surface variants are its own.
 *
 * It aims at the misses the issue lists: calls phrased unlike any lexicon pattern, coded language and idioms,
 * inflected or misspelt verbs, emoji, hashtags, ALL CAPS, missing accents, conditional or rhetorical calls. Its
 * negatives are hard: violent words in sport, gaming, cooking, news, history, fiction, condemnation, peaceful
 * protest, legal hunting and everyday idioms. Every name, place and group is invented.
 */
import type { LanguageTemplates, Rng, Variant } from './template-kit';

const en: LanguageTemplates = {
  lang: 'en',
  slots: {
    who: ['Councillor Ashdown', 'Judge Perpetua Vance', 'Mayor Tobin Quarles', 'Senator Idris Halloway', 'Commissioner Rhee', 'Dr. Lenora Fisk', 'that clerk Margit Oyelaran', 'Governor Castellane'],
    crowd: ['the Brookvale councillors', 'those refugees on Carrow Road', 'the reporters at the Wexley Ledger', 'every cop in Millbrook', 'the Okonkwo family', 'the trans activists downtown', 'the people at the Hartwell mosque', 'the county election clerks', 'these judges', 'the vaccine pushers at St. Aldric hospital'],
    spot: ['the Brookvale town hall', 'Harrow Square', 'the clinic on Pell Street', 'the Ledger office', 'the Millbrook precinct', 'the Hartwell mosque', 'the county depot'],
    when: ['tonight', 'on Friday', 'after the vote', 'before sunrise', 'this weekend', 'at the rally on Sunday', 'right after the hearing'],
    team: ['Wexley Rovers', 'the Millbrook Hornets', 'Carrow Athletic', 'the Pell Street Pirates'],
    town: ['Brookvale', 'Millbrook', 'Wexley', 'Hartwell', 'Carrow'],
    dish: ['the crab', 'the lobster', 'the trout', 'the chicken thighs'],
  },
  incitement: [
    { id: 'in-the-ground', kind: 'paraphrase', t: ['Somebody needs to put {who} in the ground {when}.', '{who} belongs six feet under, and I know a few guys who can arrange it {when}.'] },
    { id: 'not-see-day', kind: 'paraphrase', t: ['{who} should not live to see {when}. Make sure of it.', 'Make sure {who} never wakes up {when}. You know what to do.'] },
    { id: 'make-bleed', kind: 'paraphrase', t: ['Go to {spot} {when} and make {crowd} bleed.', 'Everyone meet at {spot} {when}, we are going to make {crowd} bleed for this.'] },
    { id: 'drag-out', kind: 'paraphrase', t: ['Drag {crowd} out into the street and beat them till they stop moving.', '{crowd} need to be dragged out of their homes and beaten to death.'] },
    { id: 'finish-job', kind: 'paraphrase', t: ['Find out where {who} lives and finish the job {when}.', 'We have the address of {who}. Finish it {when}.'] },
    { id: 'body-bags', kind: 'paraphrase', t: ['I want {crowd} in body bags {when}.', 'Body bags for {crowd}, every last one, {when}.'] },
    { id: 'crack-skulls', kind: 'paraphrase', t: ['Time to start cracking skulls at {spot}. {crowd} first.', 'Bring bats to {spot} {when} and crack some skulls, {crowd} have it coming.'] },
    { id: 'burn-inside', kind: 'paraphrase', t: ['Torch {spot} {when} with {crowd} still inside.', 'Lock the doors of {spot} and burn it with {crowd} in it.'] },
    { id: 'open-season', kind: 'coded', t: ['It is open season on {crowd}. Bring whatever you have got.', 'Open season on {crowd} starts {when}, aim for the head.'] },
    { id: 'rope-day', kind: 'coded', t: ['The day of the rope is coming for {crowd}, and it is coming {when}.', 'Lamp posts, rope, {crowd}. You do the math {when}.'] },
    { id: 'helicopter', kind: 'coded', t: ['{crowd} deserve a free helicopter ride. One way.', 'Time to give {who} a helicopter ride over the sea.'] },
    { id: 'boogaloo', kind: 'coded', t: ['Boogaloo at {spot} {when}. Bring your hawaiian shirt and your iron, {crowd} will not see it coming.', 'Big luau at {spot} {when}, bring your boog gear and plenty of ammo for {crowd}.'] },
    { id: 'unalive', kind: 'coded', t: ['Someone go unalive {who} already.', 'Let us unalive {crowd} {when}, for real this time.'] },
    { id: 'someone-should', kind: 'conditional', t: ['Someone should really put a bullet in {who}.', 'Somebody ought to take {who} out for good. Just saying.'] },
    { id: 'shame-if', kind: 'conditional', t: ['Would be a real shame if {spot} burned down with {who} inside.', 'It would be such a pity if {who} had an accident on the way home {when}.'] },
    { id: 'why-nobody', kind: 'rhetorical', t: ['Why has nobody shot {who} yet? Seriously, what are we waiting for?', 'How is {who} still breathing? Does nobody here own a rifle?'] },
    { id: 'if-nobody', kind: 'conditional', t: ['If nobody strangles {who} soon, I will do it myself.', 'If the courts will not stop {crowd}, bullets will.'] },
    { id: 'wouldnt-great', kind: 'rhetorical', t: ['Would it not be great if {crowd} were all lined up and shot?', 'Imagine {crowd} hanging from the trees on {spot}. Beautiful, right? Let us make it happen.'] },
    { id: 'i-will', kind: 'threat', t: ['I am going to gut {who} like a fish {when}.', 'Mark my words, I will slit the throat of {who} {when}.'] },
    { id: 'we-are-coming', kind: 'threat', t: ['We are coming for {crowd} {when}, and we are bringing knives.', 'We know where {crowd} sleep. See you {when}.'] },
    { id: 'exterminate-vermin', kind: 'dehumanising', t: ['{crowd} are vermin and vermin gets exterminated. Start {when}.', 'Clean {town} of {crowd}. Wipe them out, all of them.'] },
    { id: 'stab', kind: 'paraphrase', t: ['Stab {who} the moment he walks out of {spot}.', 'Knife {crowd} on sight at {spot} {when}.'] },
    { id: 'run-over', kind: 'paraphrase', t: ['If you see {crowd} blocking the road, floor it and run them over.', 'Drive straight into {crowd} at {spot} {when}, do not brake.'] },
    { id: 'bomb', kind: 'paraphrase', t: ['Blow up {spot} {when}, {crowd} have it coming.', 'Plant something loud under the car of {who} and end this.'] },
  ],
  benign: [
    { id: 'sport-murder', kind: 'sport', t: ['We are going to murder {team} on Saturday, their defence is a joke.', '{team} got absolutely slaughtered last night, 6 to nil.'] },
    { id: 'sport-kill-game', kind: 'sport', t: ['Our keeper killed the game in the 80th minute with that save against {team}.', 'Coach told us to go out and destroy {team}, and we did.'] },
    { id: 'sport-shoot', kind: 'sport', t: ['Shoot on sight whenever you get the ball near the box, that is the plan against {team}.', 'The striker for {team} shot them dead with a brace in stoppage time.'] },
    { id: 'game-headshot', kind: 'gaming', t: ['Headshot every camper on the bridge map, no mercy lol.', 'Just killed the final boss with a rusty axe, took me 40 tries.'] },
    { id: 'game-raid', kind: 'gaming', t: ['Raid tonight: we wipe the whole enemy clan and burn their base down.', 'Spawn camp them and stab everyone who leaves the tower, classic strat.'] },
    { id: 'cook-lobster', kind: 'cooking', t: ['Kill {dish} quickly with a knife through the head before it goes in the pot.', 'Beat the eggs, then stab {dish} with a fork to check it is done.'] },
    { id: 'cook-butcher', kind: 'cooking', t: ['Butcher the whole bird, then hang the carcass for stock.', 'Slit {dish} along the belly, gut it and rinse it under cold water.'] },
    { id: 'news-shot', kind: 'news', t: ['Two men were shot dead in {town} on Friday night, police said.', 'A man was stabbed outside {spot} on Tuesday; detectives are appealing for witnesses.'] },
    { id: 'news-bomb', kind: 'news', t: ['A car bomb killed four people near the market in {town}, officials reported.', 'The suspect who set fire to {spot} was arrested this morning.'] },
    { id: 'history-behead', kind: 'history', t: ['In 1649 Parliament had the king beheaded outside the Banqueting House.', 'The mutineers hanged their captain from the yardarm in 1789, according to the ship log.'] },
    { id: 'history-massacre', kind: 'history', t: ['The museum in {town} remembers the massacre of 1832, when soldiers shot forty strikers.', 'During the siege the defenders poured burning oil on the attackers.'] },
    { id: 'fiction-assassin', kind: 'fiction', t: ['In chapter nine the assassin finally slits the duke\'s throat. Best twist of the year.', 'My novel opens with a body in the river and a detective who wants the killer hanged.'] },
    { id: 'fiction-film', kind: 'fiction', t: ['In the film the villain threatens to blow up the whole city unless they pay.', 'The zombies in season two get their heads smashed in every episode, so gory.'] },
    { id: 'condemn-wall', kind: 'condemnation', t: ['Whoever sprayed "hang {who}" on that wall should be ashamed. Violence is never the answer.', 'Calls to shoot {crowd} are disgusting and I have reported every one of them.'] },
    { id: 'condemn-threats', kind: 'condemnation', t: ['{who} received death threats again this week. This has to stop, nobody deserves that.', 'I disagree with {who} on everything, but anyone who wishes them dead is a coward.'] },
    { id: 'protest-march', kind: 'protest', t: ['March on {spot} {when}, peacefully. Bring signs, water and your neighbours, no weapons.', 'We will fill {spot} {when} and we will not leave until the council listens. Stay calm, stay peaceful.'] },
    { id: 'protest-strike', kind: 'protest', t: ['Shut it down! General strike {when}, meet at {spot} with banners.', 'Occupy {spot} {when}: sit-in, songs and speeches, and vote them out in May.'] },
    { id: 'hunt-deer', kind: 'hunting', t: ['Deer season opens on Saturday; shoot only bucks and carry your tag.', 'Got my first elk this morning, clean shot at 200 yards, licence checked by the warden.'] },
    { id: 'hunt-duck', kind: 'hunting', t: ['Duck blind at 5am, bring the decoys and the 12 gauge, limit is six birds.', 'Dad taught me to gut a rabbit before I was ten.'] },
    { id: 'idiom-kill-me', kind: 'idiom', t: ['My boss is going to kill me if I am late again.', 'This heat is murdering me, I need a cold shower.'] },
    { id: 'idiom-dead', kind: 'idiom', t: ['I am dead, that meme is too funny.', 'You killed it at karaoke last night, absolute legend.'] },
    { id: 'idiom-bullet', kind: 'idiom', t: ['We dodged a bullet when that deal fell through.', 'Time to bite the bullet and file my taxes.'] },
    { id: 'politics-fire', kind: 'idiom', t: ['Fire {who} and everyone who signed off on this budget.', '{who} should be thrown out of office at the next election.'] },
    { id: 'pest', kind: 'idiom', t: ['Wasps nest under the porch, going to exterminate the lot of them tonight.', 'The rats in the shed need to be wiped out before winter.'] },
  ],
};

const de: LanguageTemplates = {
  lang: 'de',
  slots: {
    who: ['Bürgermeisterin Hollerbach', 'Richter Weyrauch', 'Stadtrat Quandt', 'die Abgeordnete Ilse Brammer', 'Kommissar Tiedemann', 'Landrat Ostendorf', 'diese Lehrerin Frau Zeitler'],
    crowd: ['die Stadträte von Kranzbach', 'die Flüchtlinge in der Lindenallee', 'die Journalisten vom Wendlinger Boten', 'die Polizisten in Ostheim', 'die Familie Yilmaz', 'die Leute aus der Moschee in Kranzbach', 'die Wahlhelfer', 'diese Richter', 'die Klimakleber'],
    spot: ['das Rathaus in Kranzbach', 'den Marktplatz von Ostheim', 'die Redaktion des Boten', 'die Unterkunft in der Lindenallee', 'die Moschee in Kranzbach', 'das Wahlbüro'],
    when: ['heute Nacht', 'am Freitag', 'nach der Abstimmung', 'vor Sonnenaufgang', 'am Wochenende', 'am Tag X', 'gleich nach der Sitzung'],
    team: ['Eintracht Kranzbach', 'den SV Ostheim', 'die Wendlinger Kickers'],
    town: ['Kranzbach', 'Ostheim', 'Wendlingen', 'Lindau am Bach'],
    dish: ['den Hummer', 'die Forelle', 'den Karpfen', 'die Hähnchenkeulen'],
  },
  incitement: [
    { id: 'unter-die-erde', kind: 'paraphrase', t: ['Jemand muss {who} endlich unter die Erde bringen, {when}.', '{who} gehört sechs Fuß unter die Erde, und zwar {when}.'] },
    { id: 'nicht-erleben', kind: 'paraphrase', t: ['{who} darf den nächsten Morgen nicht mehr erleben. Sorgt dafür.', 'Sorgt dafür, dass {who} {when} nicht mehr aufwacht.'] },
    { id: 'bluten', kind: 'paraphrase', t: ['Geht {when} zu {spot} und lasst {crowd} bluten.', 'Treffpunkt {spot} {when}, {crowd} sollen bluten.'] },
    { id: 'rausziehen', kind: 'paraphrase', t: ['Zerrt {crowd} aus ihren Wohnungen und prügelt sie tot.', '{crowd} muss man auf die Straße zerren und totschlagen.'] },
    { id: 'abstechen', kind: 'paraphrase', t: ['Stecht {who} ab, sobald er aus {spot} kommt.', 'Wir stechen {crowd} {when} ab, einen nach dem anderen.'] },
    { id: 'abfackeln', kind: 'paraphrase', t: ['Fackelt {spot} {when} ab, mit {crowd} drin.', 'Türen zu und {spot} anzünden, solange {crowd} drin sind.'] },
    { id: 'laterne', kind: 'coded', t: ['{crowd} an die Laterne, {when} ist es so weit.', 'Für {who} ist schon eine Laterne reserviert.'] },
    { id: 'tag-x', kind: 'coded', t: ['Tag X kommt, und dann ist {crowd} dran. Munition ist besorgt.', 'Am Tag X räumen wir {spot} auf, {crowd} zuerst.'] },
    { id: 'ofen', kind: 'coded', t: ['Ab in den Ofen mit {crowd}.', '{crowd} gehören ins Gas, alle.'] },
    { id: 'jemand-sollte', kind: 'conditional', t: ['Jemand sollte {who} mal eine Kugel verpassen.', 'Irgendwer müsste {who} endlich kaltmachen.'] },
    { id: 'schade-wenn', kind: 'conditional', t: ['Wäre echt schade, wenn {spot} {when} abbrennt, mit {who} drin.', 'Es wäre ein Jammer, wenn {who} auf dem Heimweg was zustößt.'] },
    { id: 'warum-niemand', kind: 'rhetorical', t: ['Warum hat noch keiner {who} erschossen? Worauf warten wir?', 'Wieso lebt {who} eigentlich noch? Hat hier keiner eine Knarre?'] },
    { id: 'wenn-keiner', kind: 'conditional', t: ['Wenn keiner {who} erwürgt, mach ich es selbst.', 'Wenn die Gerichte {crowd} nicht stoppen, dann tun es Kugeln.'] },
    { id: 'ich-werde', kind: 'threat', t: ['Ich schlitz {who} {when} die Kehle auf, versprochen.', 'Ich werde {who} abmurksen, {when} ist es soweit.'] },
    { id: 'wir-kommen', kind: 'threat', t: ['Wir kommen {when} für {crowd}, und wir bringen Messer mit.', 'Wir wissen, wo {crowd} schlafen. Bis {when}.'] },
    { id: 'ausrotten', kind: 'dehumanising', t: ['{crowd} sind Ungeziefer und Ungeziefer wird ausgerottet. Fangt {when} an.', 'Säubert {town} von {crowd}, rottet sie aus.'] },
    { id: 'ueberfahren', kind: 'paraphrase', t: ['Wenn {crowd} wieder die Straße blockieren: Vollgas und drüber.', 'Fahrt {when} mitten in {crowd} rein, nicht bremsen.'] },
    { id: 'sprengen', kind: 'paraphrase', t: ['Sprengt {spot} {when} in die Luft.', 'Eine Bombe unter das Auto von {who}, dann ist Ruhe.'] },
    { id: 'aufknuepfen-typo', kind: 'misspelt', t: ['aufhengen sollte man {crowd}, alle!!', 'erschiesen, alle, {crowd} und {who} zuerst'] },
    { id: 'kopf-ab', kind: 'coded', t: ['Kopf ab für {who}! {when}!', 'Rübe runter bei {crowd}, {when} geht es los.'] },
  ],
  benign: [
    { id: 'sport-abschiessen', kind: 'sport', t: ['Wir schießen {team} am Samstag ab, deren Abwehr ist ein Witz.', '{team} wurde gestern regelrecht abgeschlachtet, 6:0.'] },
    { id: 'sport-killer', kind: 'sport', t: ['Unser Torwart hat das Spiel gegen {team} in der 80. Minute getötet.', 'Der Trainer sagte, wir sollen {team} vernichten, und genau das haben wir gemacht.'] },
    { id: 'game-headshot', kind: 'gaming', t: ['Headshot auf jeden Camper auf der Brückenkarte, keine Gnade lol.', 'Endboss endlich mit der rostigen Axt erledigt, nach 40 Versuchen.'] },
    { id: 'game-raid', kind: 'gaming', t: ['Raid heute Abend: wir löschen den ganzen Gegnerclan aus und brennen die Basis nieder.', 'Im neuen Spiel kann man Zombies mit der Schaufel den Kopf abschlagen, genial.'] },
    { id: 'cook-hummer', kind: 'cooking', t: ['{dish} vor dem Kochen schnell mit einem Messerstich in den Kopf töten.', 'Eier schlagen, dann {dish} mit einer Gabel anstechen, um zu prüfen, ob es gar ist.'] },
    { id: 'cook-schlachten', kind: 'cooking', t: ['Das Huhn schlachten, rupfen und über Nacht abhängen lassen.', 'Den Fisch am Bauch aufschlitzen, ausnehmen und kalt abspülen.'] },
    { id: 'news-erschossen', kind: 'news', t: ['Zwei Männer wurden am Freitagabend in {town} erschossen, teilte die Polizei mit.', 'Vor {spot} wurde am Dienstag ein Mann niedergestochen; die Kripo sucht Zeugen.'] },
    { id: 'news-brand', kind: 'news', t: ['Bei einem Brandanschlag auf {spot} wurden drei Menschen verletzt, berichtet die Polizei.', 'Der Tatverdächtige, der {spot} angezündet haben soll, wurde heute festgenommen.'] },
    { id: 'history-hinrichtung', kind: 'history', t: ['1793 wurde der König in Paris hingerichtet.', 'Die Aufständischen hängten 1525 den Vogt am Stadttor auf, so steht es in der Chronik.'] },
    { id: 'history-massaker', kind: 'history', t: ['Das Museum in {town} erinnert an das Massaker von 1848, als Soldaten vierzig Weber erschossen.', 'Während der Belagerung gossen die Verteidiger heißes Pech auf die Angreifer.'] },
    { id: 'fiction-krimi', kind: 'fiction', t: ['Im neunten Kapitel schlitzt der Mörder dem Grafen die Kehle auf. Bester Twist des Jahres.', 'Mein Krimi beginnt mit einer Leiche im Fluss und einer Kommissarin, die den Täter hängen sehen will.'] },
    { id: 'fiction-film', kind: 'fiction', t: ['Im Film droht der Bösewicht, die ganze Stadt in die Luft zu sprengen.', 'In der zweiten Staffel werden den Zombies in jeder Folge die Schädel eingeschlagen.'] },
    { id: 'condemn-wand', kind: 'condemnation', t: ['Wer "{who} aufhängen" an die Wand gesprüht hat, sollte sich schämen. Gewalt ist nie eine Lösung.', 'Aufrufe, {crowd} zu erschießen, sind widerlich. Ich habe alle gemeldet.'] },
    { id: 'condemn-drohung', kind: 'condemnation', t: ['{who} hat diese Woche wieder Morddrohungen bekommen. Das muss aufhören.', 'Ich teile keine Meinung von {who}, aber wer ihr den Tod wünscht, ist ein Feigling.'] },
    { id: 'protest-demo', kind: 'protest', t: ['Demo vor {spot} {when}, friedlich! Bringt Schilder und Wasser mit, keine Waffen.', 'Wir besetzen {spot} {when} und gehen erst, wenn der Stadtrat zuhört. Bleibt ruhig und gewaltfrei.'] },
    { id: 'protest-streik', kind: 'protest', t: ['Generalstreik {when}! Treffpunkt {spot} mit Transparenten.', 'Sitzblockade vor {spot} {when}, und im Mai wählen wir sie ab.'] },
    { id: 'hunt-reh', kind: 'hunting', t: ['Die Jagdsaison auf Rehböcke beginnt am Samstag, nur mit gültigem Jagdschein schießen.', 'Heute früh meinen ersten Hirsch erlegt, sauberer Schuss auf 200 Meter.'] },
    { id: 'hunt-ente', kind: 'hunting', t: ['Um fünf Uhr auf den Hochsitz, Flinte und Lockenten mitnehmen.', 'Mein Opa hat mir gezeigt, wie man einen Hasen ausweidet.'] },
    { id: 'idiom-umbringen', kind: 'idiom', t: ['Mein Chef bringt mich um, wenn ich wieder zu spät komme.', 'Diese Hitze macht mich fertig, ich brauch eine kalte Dusche.'] },
    { id: 'idiom-tot', kind: 'idiom', t: ['Ich lach mich tot, das Meme ist zu gut.', 'Du hast beim Karaoke alle weggeballert, Legende!'] },
    { id: 'politik-abwahl', kind: 'idiom', t: ['{who} muss weg, bei der nächsten Wahl schicken wir sie in Rente.', 'Feuert {who} und alle, die diesen Haushalt abgenickt haben.'] },
    { id: 'schaedlinge', kind: 'idiom', t: ['Wespennest unterm Dach, heute Abend wird ausgeräuchert.', 'Die Ratten im Schuppen müssen vor dem Winter weg, Fallen sind gekauft.'] },
  ],
};

const fr: LanguageTemplates = {
  lang: 'fr',
  slots: {
    who: ['la maire Solène Vautrin', 'le juge Ardouin', 'le conseiller Mabille', 'la députée Noémie Castagnac', 'le commissaire Lefranc', 'le préfet Delorme', 'cette prof, Mme Rigaud'],
    crowd: ['les conseillers de Montsalvy', 'les réfugiés de la rue des Tanneurs', 'les journalistes du Courrier de Bréval', 'les flics de Saint-Aubrac', 'la famille Benali', 'les gens de la mosquée de Montsalvy', 'les assesseurs du bureau de vote', 'ces juges', 'les zadistes'],
    spot: ['la mairie de Montsalvy', 'la place du Marché à Saint-Aubrac', 'la rédaction du Courrier', 'le foyer de la rue des Tanneurs', 'la mosquée de Montsalvy', 'le bureau de vote'],
    when: ['ce soir', 'vendredi', 'après le vote', 'avant l\'aube', 'ce week-end', 'le jour J', 'juste après le conseil'],
    team: ['l\'US Montsalvy', 'le FC Bréval', 'les Aigles de Saint-Aubrac'],
    town: ['Montsalvy', 'Bréval', 'Saint-Aubrac', 'Villedieu-sur-Sorne'],
    dish: ['le homard', 'la truite', 'la carpe', 'les cuisses de poulet'],
  },
  incitement: [
    { id: 'six-pieds', kind: 'paraphrase', t: ['Il faut que quelqu\'un mette {who} six pieds sous terre {when}.', '{who} doit finir au cimetière, et vite.'] },
    { id: 'faire-la-peau', kind: 'coded', t: ['On va faire la peau à {who} {when}.', 'Faut leur faire la peau, à {crowd}, tous.'] },
    { id: 'saigner', kind: 'paraphrase', t: ['Allez à {spot} {when} et saignez {crowd}.', 'Rendez-vous devant {spot} {when}, {crowd} vont saigner.'] },
    { id: 'lyncher-rue', kind: 'paraphrase', t: ['Sortez {crowd} de chez eux et tabassez-les jusqu\'à ce qu\'ils ne bougent plus.', '{crowd}, il faut les traîner dans la rue et les massacrer.'] },
    { id: 'egorger', kind: 'paraphrase', t: ['Égorgez {who} dès qu\'il sort de {spot}.', 'On égorge {crowd} {when}, un par un.'] },
    { id: 'cramer', kind: 'paraphrase', t: ['Cramez {spot} {when} avec {crowd} dedans.', 'Fermez les portes de {spot} et foutez-y le feu, {crowd} à l\'intérieur.'] },
    { id: 'lanterne', kind: 'coded', t: ['{crowd} à la lanterne ! {when} c\'est leur tour.', 'Une corde et un lampadaire pour {who}, voilà la justice.'] },
    { id: 'balle-tete', kind: 'paraphrase', t: ['Une balle dans la tête de {who}, c\'est tout ce qu\'il mérite, allez-y {when}.', 'Douze balles dans la peau pour {crowd}, {when}.'] },
    { id: 'quelquun-devrait', kind: 'conditional', t: ['Quelqu\'un devrait vraiment flinguer {who}.', 'Il suffirait qu\'un courageux bute {who} pour que tout s\'arrête.'] },
    { id: 'dommage-si', kind: 'conditional', t: ['Ce serait dommage que {spot} brûle {when} avec {who} dedans.', 'Ce serait vraiment bête qu\'il arrive un accident à {who} en rentrant chez lui.'] },
    { id: 'pourquoi-personne', kind: 'rhetorical', t: ['Pourquoi personne n\'a encore descendu {who} ? On attend quoi ?', 'Comment ça se fait que {who} respire encore ? Personne n\'a un fusil ici ?'] },
    { id: 'si-personne', kind: 'conditional', t: ['Si personne n\'étrangle {who}, je le ferai moi-même.', 'Si la justice n\'arrête pas {crowd}, les balles le feront.'] },
    { id: 'je-vais', kind: 'threat', t: ['Je vais trancher la gorge de {who} {when}, promis.', 'Je vais buter {who}, {when} c\'est fini pour lui.'] },
    { id: 'on-arrive', kind: 'threat', t: ['On arrive {when} pour {crowd}, avec les couteaux.', 'On sait où dorment {crowd}. À {when}.'] },
    { id: 'vermine', kind: 'dehumanising', t: ['{crowd}, c\'est de la vermine, et la vermine on l\'extermine. On commence {when}.', 'Nettoyez {town} de {crowd}, éliminez-les tous.'] },
    { id: 'foncer', kind: 'paraphrase', t: ['Si {crowd} bloquent encore la route, foncez dedans sans freiner.', 'Écrasez {crowd} devant {spot} {when}, pied au plancher.'] },
    { id: 'faire-sauter', kind: 'paraphrase', t: ['Faites sauter {spot} {when}.', 'Une bombe sous la voiture de {who} et on n\'en parle plus.'] },
    { id: 'accents-typo', kind: 'misspelt', t: ['faut les tuer tous {crowd} !!! {when}', 'il faut executer {who} et pendre {crowd}'] },
  ],
  benign: [
    { id: 'sport-massacre', kind: 'sport', t: ['On va massacrer {team} samedi, leur défense est une passoire.', '{team} s\'est fait exécuter hier soir, 6 à 0.'] },
    { id: 'sport-tuer', kind: 'sport', t: ['Notre gardien a tué le match à la 80e minute contre {team}.', 'Le coach nous a dit de détruire {team}, et on l\'a fait.'] },
    { id: 'game-headshot', kind: 'gaming', t: ['Headshot sur tous les campeurs de la carte du pont, aucune pitié mdr.', 'J\'ai enfin buté le boss final avec une hache rouillée, 40 essais.'] },
    { id: 'game-raid', kind: 'gaming', t: ['Raid ce soir : on rase le clan adverse et on brûle leur base.', 'Dans ce jeu tu peux décapiter les zombies à la pelle, génial.'] },
    { id: 'cook-homard', kind: 'cooking', t: ['Tuez {dish} d\'un coup de couteau dans la tête avant de le plonger dans l\'eau.', 'Battez les œufs, puis piquez {dish} avec une fourchette pour vérifier la cuisson.'] },
    { id: 'cook-vider', kind: 'cooking', t: ['Égorger le poulet, le plumer et le laisser reposer une nuit, comme chez ma grand-mère.', 'Incisez le poisson sous le ventre, videz-le et rincez à l\'eau froide.'] },
    { id: 'news-abattu', kind: 'news', t: ['Deux hommes ont été abattus vendredi soir à {town}, selon la police.', 'Un homme a été poignardé devant {spot} mardi ; les enquêteurs lancent un appel à témoins.'] },
    { id: 'news-incendie', kind: 'news', t: ['Un incendie criminel à {spot} a fait trois blessés, rapporte la gendarmerie.', 'Le suspect qui aurait mis le feu à {spot} a été interpellé ce matin.'] },
    { id: 'history-guillotine', kind: 'history', t: ['Louis XVI fut guillotiné le 21 janvier 1793, place de la Révolution.', 'En 1572, la Saint-Barthélemy fit des milliers de morts à Paris.'] },
    { id: 'history-fusilles', kind: 'history', t: ['Le musée de {town} rappelle les fusillés de 1871, tombés contre le mur.', 'Pendant le siège, les défenseurs versaient de l\'huile bouillante sur les assaillants.'] },
    { id: 'fiction-roman', kind: 'fiction', t: ['Au chapitre neuf, l\'assassin tranche enfin la gorge du duc. Meilleur rebondissement de l\'année.', 'Mon polar commence par un corps dans la rivière et une commissaire qui veut voir le tueur pendu.'] },
    { id: 'fiction-film', kind: 'fiction', t: ['Dans le film, le méchant menace de faire sauter toute la ville.', 'Dans la saison deux, on fracasse le crâne des zombies à chaque épisode.'] },
    { id: 'condemn-mur', kind: 'condemnation', t: ['Celui qui a tagué « pendez {who} » sur ce mur devrait avoir honte. La violence n\'est jamais une solution.', 'Les appels à tuer {crowd} sont ignobles, je les ai tous signalés.'] },
    { id: 'condemn-menaces', kind: 'condemnation', t: ['{who} a encore reçu des menaces de mort cette semaine. Ça doit cesser.', 'Je ne partage aucune idée de {who}, mais souhaiter sa mort, c\'est lâche.'] },
    { id: 'protest-manif', kind: 'protest', t: ['Manif devant {spot} {when}, dans le calme ! Pancartes et eau, pas d\'armes.', 'On occupera {spot} {when} jusqu\'à ce que le conseil nous écoute. Restez pacifiques.'] },
    { id: 'protest-greve', kind: 'protest', t: ['Grève générale {when} ! Rendez-vous à {spot} avec les banderoles.', 'Sit-in devant {spot} {when}, et en mai on les dégage par les urnes.'] },
    { id: 'hunt-chevreuil', kind: 'hunting', t: ['L\'ouverture de la chasse au chevreuil, c\'est samedi : tir seulement avec le permis validé.', 'Premier sanglier ce matin, tir propre à 80 mètres, bracelet posé.'] },
    { id: 'hunt-canard', kind: 'hunting', t: ['Gabion à cinq heures, prends les appelants et le calibre 12.', 'Mon grand-père m\'a appris à vider un lapin.'] },
    { id: 'idiom-tuer', kind: 'idiom', t: ['Mon chef va me tuer si j\'arrive encore en retard.', 'Cette chaleur me tue, il me faut une douche froide.'] },
    { id: 'idiom-mort', kind: 'idiom', t: ['Je suis morte de rire, ce mème est trop bon.', 'Tu as tout déchiré au karaoké hier, une légende.'] },
    { id: 'politique-urnes', kind: 'idiom', t: ['{who} doit dégager, on le renverra aux prochaines élections.', 'Virez {who} et tous ceux qui ont voté ce budget.'] },
    { id: 'nuisibles', kind: 'idiom', t: ['Nid de frelons sous le toit, on les extermine ce soir.', 'Il faut se débarrasser des rats de la cabane avant l\'hiver.'] },
  ],
};

const es: LanguageTemplates = {
  lang: 'es',
  slots: {
    who: ['la alcaldesa Remedios Albarrán', 'el juez Oyarzún', 'el concejal Báez', 'la diputada Nuria Castrillo', 'el comisario Lozada', 'el gobernador Ibarrola', 'esa profe, la señora Quintana'],
    crowd: ['los concejales de Valdemora', 'los refugiados de la calle Tejares', 'los periodistas de El Heraldo de Almuñán', 'los pacos de San Telmo', 'la familia Mendoza', 'la gente de la mezquita de Valdemora', 'los vocales de mesa', 'esos jueces', 'los okupas del barrio'],
    spot: ['el ayuntamiento de Valdemora', 'la plaza de Almuñán', 'la redacción de El Heraldo', 'el albergue de la calle Tejares', 'la mezquita de Valdemora', 'el colegio electoral'],
    when: ['esta noche', 'el viernes', 'después de la votación', 'antes del amanecer', 'este finde', 'el día D', 'justo después del pleno'],
    team: ['el Valdemora CF', 'el Atlético Almuñán', 'los Halcones de San Telmo'],
    town: ['Valdemora', 'Almuñán', 'San Telmo', 'Villarrubia del Monte'],
    dish: ['la langosta', 'la trucha', 'la carpa', 'los muslos de pollo'],
  },
  incitement: [
    { id: 'bajo-tierra', kind: 'paraphrase', t: ['Alguien tiene que meter a {who} bajo tierra {when}.', '{who} tiene que acabar en el cementerio, y pronto.'] },
    { id: 'dar-paseo', kind: 'coded', t: ['A {who} hay que darle el paseo, como en el 36.', 'A {crowd} les damos el paseo {when}, y a la cuneta.'] },
    { id: 'sangrar', kind: 'paraphrase', t: ['Id a {spot} {when} y haced sangrar a {crowd}.', 'Quedamos en {spot} {when}, {crowd} van a sangrar.'] },
    { id: 'sacar-casa', kind: 'paraphrase', t: ['Sacad a {crowd} de sus casas y moledlos a palos hasta que no se muevan.', 'A {crowd} hay que arrastrarlos a la calle y molerlos a golpes hasta matarlos.'] },
    { id: 'degollar', kind: 'paraphrase', t: ['Degollad a {who} en cuanto salga de {spot}.', 'Vamos a degollar a {crowd} {when}, uno por uno.'] },
    { id: 'quemar-dentro', kind: 'paraphrase', t: ['Quemad {spot} {when} con {crowd} dentro.', 'Cerrad las puertas de {spot} y prendedle fuego con {crowd} dentro.'] },
    { id: 'plomo', kind: 'coded', t: ['Plomo para {crowd}, {when} se acaba la fiesta.', 'A {who} lo que le hace falta es plomo, mucho plomo.'] },
    { id: 'tiro-cabeza', kind: 'paraphrase', t: ['Un tiro en la cabeza a {who}, es lo único que merece. Hacedlo {when}.', 'Una bala para cada uno de {crowd}, {when}.'] },
    { id: 'alguien-deberia', kind: 'conditional', t: ['Alguien debería pegarle un tiro a {who} de una vez.', 'Bastaría con que un valiente se cargara a {who} para acabar con esto.'] },
    { id: 'lastima-si', kind: 'conditional', t: ['Sería una pena que {spot} ardiera {when} con {who} dentro.', 'Qué lástima sería que {who} tuviera un accidente volviendo a casa.'] },
    { id: 'por-que-nadie', kind: 'rhetorical', t: ['¿Por qué nadie se ha cargado todavía a {who}? ¿A qué esperamos?', '¿Cómo es que {who} sigue respirando? ¿Aquí nadie tiene una escopeta?'] },
    { id: 'si-nadie', kind: 'conditional', t: ['Si nadie estrangula a {who}, lo hago yo.', 'Si los jueces no paran a {crowd}, lo harán las balas.'] },
    { id: 'voy-a', kind: 'threat', t: ['Le voy a rajar el cuello a {who} {when}, lo juro.', 'Me voy a cargar a {who}, {when} se le acaba todo.'] },
    { id: 'vamos-a-por', kind: 'threat', t: ['Vamos a por {crowd} {when}, con los cuchillos.', 'Sabemos dónde duermen {crowd}. Hasta {when}.'] },
    { id: 'alimanas', kind: 'dehumanising', t: ['{crowd} son alimañas y a las alimañas se las extermina. Empezamos {when}.', 'Limpiad {town} de {crowd}, eliminadlos a todos.'] },
    { id: 'atropellar', kind: 'paraphrase', t: ['Si {crowd} vuelven a cortar la calle, acelerad y pasadles por encima.', 'Meted el coche contra {crowd} en {spot} {when}, sin frenar.'] },
    { id: 'volar', kind: 'paraphrase', t: ['Volad {spot} {when}.', 'Una bomba debajo del coche de {who} y se acabó el problema.'] },
    { id: 'sin-tildes', kind: 'misspelt', t: ['hay q matarlos a todos a {crowd} !!! {when}', 'matenlo a {who} y cuelguen a {crowd}'] },
  ],
  benign: [
    { id: 'sport-masacre', kind: 'sport', t: ['Vamos a masacrar a {team} el sábado, su defensa es un coladero.', '{team} fue ejecutado anoche, 6 a 0.'] },
    { id: 'sport-matar', kind: 'sport', t: ['Nuestro portero mató el partido en el minuto 80 contra {team}.', 'El míster nos pidió destrozar a {team}, y lo hicimos.'] },
    { id: 'game-headshot', kind: 'gaming', t: ['Headshot a todos los campers del mapa del puente, sin piedad jaja.', 'Por fin me cargué al jefe final con un hacha oxidada, 40 intentos.'] },
    { id: 'game-raid', kind: 'gaming', t: ['Raid esta noche: arrasamos el clan enemigo y quemamos su base.', 'En este juego puedes decapitar zombis con una pala, una pasada.'] },
    { id: 'cook-langosta', kind: 'cooking', t: ['Mata {dish} con un corte rápido en la cabeza antes de echarla a la olla.', 'Bate los huevos y pincha {dish} con un tenedor para ver si está hecha.'] },
    { id: 'cook-limpiar', kind: 'cooking', t: ['Degollar el pollo, desplumarlo y dejarlo reposar una noche, como hacía mi abuela.', 'Abre el pescado por la tripa, límpialo y acláralo con agua fría.'] },
    { id: 'news-tiroteo', kind: 'news', t: ['Dos hombres murieron tiroteados el viernes por la noche en {town}, según la policía.', 'Un hombre fue apuñalado frente a {spot} el martes; los investigadores piden testigos.'] },
    { id: 'news-incendio', kind: 'news', t: ['Un incendio provocado en {spot} dejó tres heridos, informó la Guardia Civil.', 'El sospechoso de haber prendido fuego a {spot} fue detenido esta mañana.'] },
    { id: 'history-fusilamientos', kind: 'history', t: ['Goya pintó los fusilamientos del 3 de mayo de 1808.', 'En 1936 muchos vecinos de {town} fueron fusilados junto a la tapia del cementerio.'] },
    { id: 'history-asedio', kind: 'history', t: ['El museo de {town} recuerda la matanza de 1873, cuando los soldados dispararon contra cuarenta huelguistas.', 'Durante el asedio, los defensores echaban aceite hirviendo a los atacantes.'] },
    { id: 'fiction-novela', kind: 'fiction', t: ['En el capítulo nueve el asesino por fin degüella al duque. El mejor giro del año.', 'Mi novela negra empieza con un cadáver en el río y una inspectora que quiere ver al asesino en la horca.'] },
    { id: 'fiction-peli', kind: 'fiction', t: ['En la peli el malo amenaza con volar toda la ciudad.', 'En la segunda temporada les revientan la cabeza a los zombis en cada capítulo.'] },
    { id: 'condemn-pintada', kind: 'condemnation', t: ['Quien pintó «colgad a {who}» en esa pared debería avergonzarse. La violencia nunca es la respuesta.', 'Los llamamientos a matar a {crowd} son repugnantes, los he denunciado todos.'] },
    { id: 'condemn-amenazas', kind: 'condemnation', t: ['{who} ha vuelto a recibir amenazas de muerte esta semana. Esto tiene que parar.', 'No comparto nada con {who}, pero desearle la muerte es de cobardes.'] },
    { id: 'protest-mani', kind: 'protest', t: ['Mani frente a {spot} {when}, ¡pacífica! Pancartas y agua, nada de armas.', 'Ocuparemos {spot} {when} hasta que el pleno nos escuche. Tranquilidad y no violencia.'] },
    { id: 'protest-huelga', kind: 'protest', t: ['¡Huelga general {when}! Nos vemos en {spot} con las pancartas.', 'Sentada frente a {spot} {when}, y en mayo los echamos en las urnas.'] },
    { id: 'hunt-corzo', kind: 'hunting', t: ['La temporada de caza del corzo abre el sábado: solo se dispara con la licencia en regla.', 'Mi primer jabalí esta mañana, tiro limpio a 80 metros, precinto puesto.'] },
    { id: 'hunt-perdiz', kind: 'hunting', t: ['Puesto a las cinco, trae los reclamos y la escopeta del 12.', 'Mi abuelo me enseñó a despellejar un conejo.'] },
    { id: 'idiom-matar', kind: 'idiom', t: ['Mi jefe me mata si vuelvo a llegar tarde.', 'Este calor me está matando, necesito una ducha fría.'] },
    { id: 'idiom-muerto', kind: 'idiom', t: ['Me muero, este meme es buenísimo.', 'Lo petaste en el karaoke anoche, eres una leyenda.'] },
    { id: 'politica-urnas', kind: 'idiom', t: ['{who} tiene que irse, lo mandamos a casa en las próximas elecciones.', 'Echad a {who} y a todos los que aprobaron este presupuesto.'] },
    { id: 'plagas', kind: 'idiom', t: ['Nido de avispas bajo el tejado, esta noche lo fumigamos.', 'Hay que acabar con las ratas del cobertizo antes del invierno.'] },
  ],
};

export const TEST_LANGUAGES: LanguageTemplates[] = [en, de, fr, es];

// ---- surface variants of the test split, written for it alone ----

const EMOJI_TAILS = ['🔪🩸', '⚰️⚰️', '🪓', '💥🔥', '👀', '😤', '🇺🇸', '💯', '🙏', '😂', '⚽', '🦌'];
const LEET_TEST: Record<string, string> = { a: '@', e: '3', i: '!', o: '0', s: '$', t: '7' };

function words(text: string): string[] {
  return text.split(' ');
}

function longestWordIndex(ws: string[]): number {
  let best = 0;
  ws.forEach((w, i) => {
    if (w.replace(/[^\p{L}]/gu, '').length > ws[best].replace(/[^\p{L}]/gu, '').length) best = i;
  });
  return best;
}

function camel(ws: string[]): string {
  return ws.map((w) => w.replace(/[^\p{L}\p{N}]/gu, '')).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1).toLowerCase()).join('');
}

function stripAccents(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
}

export const TEST_VARIANTS: Variant[] = [
  { name: 'caps', apply: (t) => t.toUpperCase() },
  { name: 'no-accents', apply: (t) => stripAccents(t).toLowerCase() },
  { name: 'emoji', apply: (t, r: Rng) => `${t} ${r.pick(EMOJI_TAILS)}` },
  {
    name: 'hashtag',
    apply: (t, r: Rng) => {
      const ws = words(t.replace(/[.!?]+$/u, ''));
      if (ws.length < 4) return t;
      const start = r.int(Math.max(1, ws.length - 3));
      const n = 2 + r.int(2);
      return [...ws.slice(0, start), `#${camel(ws.slice(start, start + n))}`, ...ws.slice(start + n)].join(' ');
    },
  },
  {
    name: 'leet',
    apply: (t) => {
      const ws = words(t);
      const i = longestWordIndex(ws);
      ws[i] = ws[i].replace(/[aeiost]/g, (c) => LEET_TEST[c]);
      return ws.join(' ');
    },
  },
  {
    name: 'stretched',
    apply: (t, r: Rng) => {
      const ws = words(t);
      const i = r.int(ws.length);
      ws[i] = ws[i].replace(/([aeiouy])/i, (v) => v.repeat(4));
      return `${ws.join(' ')}!!!`;
    },
  },
  {
    name: 'typo',
    apply: (t, r: Rng) => {
      const ws = words(t);
      const i = longestWordIndex(ws);
      const w = ws[i];
      if (w.length < 5) return t;
      const k = 1 + r.int(w.length - 3);
      ws[i] = r.chance(0.5) ? w.slice(0, k) + w.slice(k + 1) : w.slice(0, k) + w[k + 1] + w[k] + w.slice(k + 2);
      return ws.join(' ');
    },
  },
  {
    name: 'spaced',
    apply: (t, r: Rng) => {
      const ws = words(t);
      const i = r.int(ws.length);
      if (ws[i].length < 3 || ws[i].length > 8) return t;
      ws[i] = ws[i].split('').join(r.pick([' ', '.', '-']));
      return ws.join(' ');
    },
  },
];
